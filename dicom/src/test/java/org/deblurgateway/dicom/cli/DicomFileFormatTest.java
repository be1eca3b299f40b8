package org.deblurgateway.dicom.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.deblurgateway.dicom.derived.DerivedUids;
import org.deblurgateway.model.cli.DeblurFileFormat;
import org.deblurgateway.model.inference.Deblurrer;
import org.deblurgateway.model.inference.InferenceOptions;
import org.deblurgateway.model.inference.ModelCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code deblur run IN.dcm OUT.dcm} through the ServiceLoader plug-in, on a corpus CR and a non-image object. */
class DicomFileFormatTest {

    private static final Path CORPUS = Path.of("..", "..", "shared", "data", "dicom");
    private static final Path CR = CORPUS.resolve("dwv-tests/tests/data/gdcm-CR-MONO1-10-chest.dcm");
    private static final Path RT_PLAN = CORPUS.resolve("debian-python3-pydicom/rtplan.dcm");
    private static final ModelCatalog MODELS = new ModelCatalog(Path.of("..", "model", "weights"));

    @TempDir
    Path temp;

    @Test
    void serviceLoader_findsTheDicomFormat_whichAcceptsOnlyPart10Files() throws IOException {
        DeblurFileFormat format =
                ServiceLoader.load(DeblurFileFormat.class).findFirst().orElseThrow();
        assertTrue(format instanceof DicomFileFormat);
        assertFalse(format.accepts(Files.write(temp.resolve("x.png"), new byte[200])));
        assertFalse(format.accepts(temp.resolve("missing.dcm")));
    }

    @Test
    void deblur_corpusCr_writesTheDerivedInstanceTheGatewayWould() throws Exception {
        assumeTrue(Files.isRegularFile(CR), "../shared/data/dicom absent; skipping");
        assumeTrue(MODELS.has("rdsam-lite"), "model/weights/rdsam-lite absent");
        DicomFileFormat format = new DicomFileFormat();
        Path out = temp.resolve("out.dcm");
        assertTrue(format.accepts(CR));
        try (Deblurrer deblurrer = Deblurrer.load(MODELS.dir("rdsam-lite"), InferenceOptions.defaults())) {
            String summary = format.deblur(CR, out, deblurrer);
            assertTrue(summary.contains("MONOCHROME1 440x440"), summary);
        }
        AttributeList source = read(CR);
        AttributeList derived = read(out);
        assertEquals(
                DerivedUids.instanceUid(
                        source.get(TagFromName.SOPInstanceUID).getSingleStringValueOrEmptyString(), "rdsam-lite"),
                derived.get(TagFromName.SOPInstanceUID).getSingleStringValueOrEmptyString());
        assertEquals("DERIVED", derived.get(TagFromName.ImageType).getStringValues()[0]);
        assertEquals(
                "MONOCHROME1",
                derived.get(TagFromName.PhotometricInterpretation).getSingleStringValueOrEmptyString());
        try (Stream<Path> left = Files.list(temp)) {
            assertEquals(1, left.count(), "only OUT remains next to it (no scratch folder)");
        }
    }

    @Test
    void deblur_nonImageObject_refusedWithTheReason() {
        assumeTrue(Files.isRegularFile(RT_PLAN), "../shared/data/dicom absent; skipping");
        assumeTrue(MODELS.has("rdsam-lite"), "model/weights/rdsam-lite absent");
        IOException e = assertThrows(IOException.class, () -> {
            try (Deblurrer deblurrer = Deblurrer.load(MODELS.dir("rdsam-lite"), InferenceOptions.defaults())) {
                new DicomFileFormat().deblur(RT_PLAN, temp.resolve("out.dcm"), deblurrer);
            }
        });
        assertTrue(e.getMessage().contains("non-image-sop-class"), e.getMessage());
        assertFalse(Files.exists(temp.resolve("out.dcm")));
    }

    private static AttributeList read(Path file) throws Exception {
        AttributeList list = new AttributeList();
        list.read(file.toFile());
        return list;
    }
}
