package org.deblurgateway.dicom.derived;

import static org.deblurgateway.dicom.FileMetaInformation.IMPLEMENTATION_CLASS_UID;
import static org.deblurgateway.dicom.FileMetaInformation.IMPLEMENTATION_VERSION_NAME;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.CodeStringAttribute;
import com.pixelmed.dicom.DecimalStringAttribute;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.LongStringAttribute;
import com.pixelmed.dicom.OtherByteAttribute;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.SequenceItem;
import com.pixelmed.dicom.ShortTextAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.UniversalResourceAttribute;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.deblurgateway.dicom.TransferSyntaxes;
import org.deblurgateway.dicom.pixels.FrameSupplier;
import org.deblurgateway.dicom.pixels.PixelLayout;
import org.deblurgateway.model.image.Frame;
import org.deblurgateway.testsupport.SyntheticSources;
import org.deblurgateway.testsupport.SyntheticSources.Spec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The derived instance of synthetic sources (CR 16-bit MONOCHROME1, DX, RGB 8-bit, multi-frame, signed): every tag
 * the product promises, read back with PixelMed and with pydicom, pixels equal to the frames given (clamped to the
 * stored range), and no IOD validator error the source did not have.
 */
class DerivedInstanceWriterTest {

    private static final String MODEL = "rdsam-lite";

    @TempDir
    Path work;

    private final DerivedInstanceWriter writer = new DerivedInstanceWriter(TestSupport.settings());

    static Stream<Spec> sources() {
        return Stream.of(
                SyntheticSources.CR_MONO1_16,
                SyntheticSources.DX_MONO2_16,
                SyntheticSources.SC_RGB_8,
                SyntheticSources.SC_MULTIFRAME_16,
                SyntheticSources.CT_SIGNED_16);
    }

    private static PixelLayout layout(Spec spec, boolean lossy) {
        return new PixelLayout(
                spec.photometric(),
                spec.rows(),
                spec.columns(),
                spec.frames(),
                spec.bitsAllocated(),
                spec.bitsStored(),
                spec.signed(),
                lossy,
                "test");
    }

    private DerivedInstance write(Path source, PixelLayout layout) throws IOException {
        Path out = Files.createDirectories(work.resolve("out"));
        return writer.write(source, layout, TestFrames.pattern(layout), TestSupport.provenance(), out);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sources")
    void write_syntheticSource_identityAndDerivationTags(Spec spec) throws Exception {
        Path source = SyntheticSources.write(work, spec);
        DerivedInstance derived = write(source, layout(spec, false));
        AttributeList d = TestFrames.read(derived.file(), true);

        String instanceUid = DerivedUids.instanceUid(SyntheticSources.instanceUid(spec), MODEL);
        String seriesUid = DerivedUids.seriesUid(SyntheticSources.seriesUid(spec), MODEL);
        assertEquals(
                new DerivedInstance(
                        spec.sopClass(),
                        instanceUid,
                        seriesUid,
                        work.resolve("out").resolve(instanceUid + ".dcm")),
                derived);
        assertEquals(List.of(instanceUid + ".dcm"), list(work.resolve("out")), "no temporary file is left");

        // File Meta Information
        assertEquals(TransferSyntaxes.EXPLICIT_VR_LITTLE_ENDIAN, text(d, TagFromName.TransferSyntaxUID));
        assertEquals(instanceUid, text(d, TagFromName.MediaStorageSOPInstanceUID));
        assertEquals(spec.sopClass(), text(d, TagFromName.MediaStorageSOPClassUID));
        assertEquals(IMPLEMENTATION_CLASS_UID, text(d, TagFromName.ImplementationClassUID));
        assertEquals(IMPLEMENTATION_VERSION_NAME, text(d, TagFromName.ImplementationVersionName));

        // Identity
        assertEquals(SyntheticSources.STUDY_UID, text(d, TagFromName.StudyInstanceUID));
        assertEquals(seriesUid, text(d, TagFromName.SeriesInstanceUID));
        assertEquals(instanceUid, text(d, TagFromName.SOPInstanceUID));
        assertEquals(spec.sopClass(), text(d, TagFromName.SOPClassUID));
        assertEquals("Chest PA DEBLURRED rdsam-lite", text(d, TagFromName.SeriesDescription));
        assertEquals("1003", text(d, TagFromName.SeriesNumber));
        assertEquals("7", text(d, TagFromName.InstanceNumber));
        assertEquals("NO", text(d, TagFromName.BurnedInAnnotation));
        ZonedDateTime created = TestSupport.PROCESSED_AT.atZone(ZoneId.systemDefault()); // source has no offset
        assertEquals(
                DateTimeFormatter.ofPattern("yyyyMMdd").format(created), text(d, TagFromName.InstanceCreationDate));
        assertEquals(
                DateTimeFormatter.ofPattern("HHmmss.SSSSSS").format(created),
                text(d, TagFromName.InstanceCreationTime));

        // Image Type: DERIVED\SECONDARY, value 3 onward kept; DX has value 3 present and empty
        String[] imageType = d.get(TagFromName.ImageType).getStringValues();
        assertEquals("DERIVED", imageType[0]);
        assertEquals("SECONDARY", imageType[1]);
        // (PixelMed drops a trailing empty value when reading; the pydicom test checks DX's empty Value 3.)
        assertArrayEquals(
                spec.modality().equals("CT")
                        ? new String[] {"DERIVED", "SECONDARY", "AXIAL"}
                        : new String[] {"DERIVED", "SECONDARY"},
                trimmed(imageType));

        // Derivation
        assertTrue(
                text(d, TagFromName.DerivationDescription)
                        .startsWith("Motion deblurring by Deblur Gateway, model rdsam-lite 1.0 (weights sha256 "
                                + TestSupport.WEIGHTS),
                text(d, TagFromName.DerivationDescription));
        AttributeList code = onlyItem(d, TagFromName.DerivationCodeSequence);
        assertCode(code, "113086", "DCM", "Edge enhancement");

        AttributeList sourceImage = onlyItem(d, TagFromName.SourceImageSequence);
        assertEquals(spec.sopClass(), text(sourceImage, TagFromName.ReferencedSOPClassUID));
        assertEquals(SyntheticSources.instanceUid(spec), text(sourceImage, TagFromName.ReferencedSOPInstanceUID));
        assertCode(
                onlyItem(sourceImage, TagFromName.PurposeOfReferenceCodeSequence),
                "121322",
                "DCM",
                "Source image for image processing operation");
        if (spec.frames() > 1) {
            assertEquals(
                    "1\\2\\3\\4\\5",
                    sourceImage.get(TagFromName.ReferencedFrameNumber).getDelimitedStringValuesOrEmptyString());
        } else {
            assertNull(sourceImage.get(TagFromName.ReferencedFrameNumber));
        }

        AttributeList related = onlyItem(d, TagFromName.RelatedSeriesSequence);
        assertEquals(SyntheticSources.STUDY_UID, text(related, TagFromName.StudyInstanceUID));
        assertEquals(SyntheticSources.seriesUid(spec), text(related, TagFromName.SeriesInstanceUID));
        assertCode(
                onlyItem(related, TagFromName.PurposeOfReferenceCodeSequence),
                "121323",
                "DCM",
                "Source series for image processing operation");

        AttributeList equipment = onlyItem(d, TagFromName.ContributingEquipmentSequence);
        assertCode(
                onlyItem(equipment, TagFromName.PurposeOfReferenceCodeSequence),
                "109102",
                "DCM",
                "Processing Equipment");
        assertEquals("Deblur Gateway Project", text(equipment, TagFromName.Manufacturer));
        assertEquals("Deblur Gateway", text(equipment, TagFromName.ManufacturerModelName));
        assertEquals(
                "0.1.0\\rdsam-lite 1.0",
                equipment.get(TagFromName.SoftwareVersions).getDelimitedStringValuesOrEmptyString());
        assertEquals("20261105140327.123456+0000", text(equipment, DerivedAttributes.CONTRIBUTION_DATE_TIME));
        assertEquals(
                "Motion deblurring by Deblur Gateway, model rdsam-lite 1.0",
                text(equipment, TagFromName.ContributionDescription));

        assertEquals("RESEARCH", text(d, TagFromName.ContentQualification));
        if (spec.modality().equals("DX")) {
            assertEquals("00", text(d, TagFromName.LossyImageCompression), "a lossless source keeps its 00");
        } else {
            assertNull(d.get(TagFromName.LossyImageCompression), "a lossless source without the flag stays without");
        }
        assertNull(d.get(TagFromName.SmallestImagePixelValue));
        assertNull(d.get(TagFromName.LargestImagePixelValue));

        assertPrivateBlock(d, QualityTags.DEFAULT_BLOCK);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sources")
    void write_syntheticSource_pixelModuleAndValuesReadBackByPydicom(Spec spec) throws Exception {
        assumeTrue(Pydicom.available(), "/usr/bin/python3 with pydicom and numpy is not installed");
        Path source = SyntheticSources.write(work, spec);
        PixelLayout layout = layout(spec, false);
        DerivedInstance derived = write(source, layout);

        AttributeList d = TestFrames.read(derived.file(), true);
        assertEquals(String.valueOf(spec.channels()), text(d, TagFromName.SamplesPerPixel));
        assertEquals(spec.photometric(), text(d, TagFromName.PhotometricInterpretation));
        assertEquals(String.valueOf(spec.bitsAllocated()), text(d, TagFromName.BitsAllocated));
        assertEquals(String.valueOf(spec.bitsStored()), text(d, TagFromName.BitsStored));
        assertEquals(String.valueOf(spec.bitsStored() - 1), text(d, TagFromName.HighBit));
        assertEquals(spec.signed() ? "1" : "0", text(d, TagFromName.PixelRepresentation));
        if (spec.channels() == 3) {
            assertEquals("0", text(d, TagFromName.PlanarConfiguration));
        } else {
            assertNull(d.get(TagFromName.PlanarConfiguration));
            assertEquals(spec.signed() ? "-1024" : "0", text(d, TagFromName.RescaleIntercept));
            assertEquals("2048", text(d, TagFromName.WindowCenter));
            assertEquals("4096", text(d, TagFromName.WindowWidth));
        }

        Pydicom.Reading py = Pydicom.read(derived.file(), work);
        assertEquals(TransferSyntaxes.EXPLICIT_VR_LITTLE_ENDIAN, py.fact("transfer_syntax"));
        assertEquals(derived.sopInstanceUid(), py.fact("media_sop_instance"));
        assertEquals(derived.sopInstanceUid(), py.fact("sop_instance"));
        assertEquals(derived.seriesInstanceUid(), py.fact("series_instance"));
        assertEquals(String.valueOf(spec.rows()), py.fact("rows"));
        assertEquals(String.valueOf(spec.columns()), py.fact("columns"));
        assertEquals(String.valueOf(spec.frames()), py.fact("frames"));
        assertEquals(spec.photometric(), py.fact("photometric"));
        assertEquals(String.valueOf(spec.bitsAllocated()), py.fact("bits_allocated"));
        assertEquals(String.valueOf(spec.bitsStored()), py.fact("bits_stored"));
        assertEquals(spec.signed() ? "1" : "0", py.fact("pixel_representation"));
        assertEquals(spec.channels() == 3 ? "0" : "absent", py.fact("planar_configuration"));
        assertEquals(
                switch (spec.modality()) {
                    case "DX" -> "DERIVED\\SECONDARY\\"; // Value 3 present and empty, as the DX Image module requires
                    case "CT" -> "DERIVED\\SECONDARY\\AXIAL";
                    default -> "DERIVED\\SECONDARY";
                },
                py.fact("image_type"));
        assertEquals("113086", py.fact("derivation_code"));
        assertEquals("rdsam-lite", py.fact("private_model_id"));
        assertEquals("1.0", py.fact("private_model_version"));
        assertEquals(TestSupport.WEIGHTS, py.fact("private_weights_sha256"));
        assertEquals("0.42", py.fact("private_input_blur"));
        assertEquals("0.31", py.fact("private_output_blur"));
        assertEquals(QualityTags.BLUR_MEASURE, py.fact("private_measure"));
        assertEquals("1234.0", py.fact("private_millis"));
        assertEquals("GPU", py.fact("private_device"));
        assertEquals("CS", py.fact("private_device_vr"));
        assertEquals("tile 256 overlap 32 batch 4", py.fact("private_tiling"));

        int perFrame = spec.rows() * spec.columns() * spec.channels();
        assertEquals(perFrame * spec.frames(), py.samples().length, "shape " + py.fact("pixel_shape"));
        for (int f = 0; f < spec.frames(); f++) {
            int[] got = new int[perFrame];
            System.arraycopy(py.samples(), f * perFrame, got, 0, perFrame);
            assertArrayEquals(TestFrames.expected(layout, f), got, "frame " + f);
        }
        // The pattern runs past both ends of the stored range: clamping had something to do.
        int[] raw = TestFrames.raw(layout, 0);
        int[] range = TestFrames.range(layout);
        assertTrue(Arrays.stream(raw).anyMatch(v -> v < range[0])
                && Arrays.stream(raw).anyMatch(v -> v > range[1]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sources")
    void write_syntheticSource_addsNoValidatorError(Spec spec) throws Exception {
        assumeTrue(Dciodvfy.available(), "dciodvfy (dicom3tools) is not installed");
        Path source = SyntheticSources.write(work, spec);
        DerivedInstance derived = write(source, layout(spec, false));
        assertEquals(List.of(), Dciodvfy.newErrors(source, derived.file()));
        // DX needs Image Type Value 3 present: the source (2 values) is wrong there, the derived object is not.
        Set<String> errors = Dciodvfy.errors(derived.file());
        assertFalse(errors.stream().anyMatch(e -> e.contains("<ImageType>")), () -> "Image Type errors: " + errors);
    }

    @Test
    void write_sameSourceTwice_sameFileReplaced() throws Exception {
        Path source = SyntheticSources.write(work, SyntheticSources.CR_MONO1_16);
        PixelLayout layout = layout(SyntheticSources.CR_MONO1_16, false);
        DerivedInstance first = write(source, layout);
        byte[] firstBytes = Files.readAllBytes(first.file());
        DerivedInstance second = write(source, layout);
        assertEquals(first, second);
        assertArrayEquals(firstBytes, Files.readAllBytes(second.file()), "a redo writes the same bytes");
        assertEquals(List.of(first.file().getFileName().toString()), list(work.resolve("out")));
    }

    @Test
    void write_layoutOfOtherSize_refusedBeforeAnythingIsWritten() throws Exception {
        Path source = SyntheticSources.write(work, SyntheticSources.CR_MONO1_16);
        PixelLayout wrong = new PixelLayout("MONOCHROME1", 10, 10, 1, 16, 12, false, false, "test");
        assertThrows(IllegalArgumentException.class, () -> write(source, wrong));
        assertEquals(List.of(), list(work.resolve("out")));
    }

    @Test
    void write_frameOfWrongSizeMidway_leavesNoFile() throws Exception {
        Spec spec = SyntheticSources.SC_MULTIFRAME_16;
        Path source = SyntheticSources.write(work, spec);
        PixelLayout layout = layout(spec, false);
        PixelLayout small = new PixelLayout(spec.photometric(), 2, 2, spec.frames(), 16, 16, false, false, "test");
        FrameSupplier good = TestFrames.supplier(layout, f -> TestFrames.raw(layout, f));
        FrameSupplier thirdTooSmall = new FrameSupplier() {
            @Override
            public int frameCount() {
                return spec.frames();
            }

            @Override
            public Frame frame(int index) throws IOException {
                return index == 2
                        ? TestFrames.supplier(small, f -> TestFrames.raw(small, f))
                                .frame(0)
                        : good.frame(index);
            }
        };
        Path out = Files.createDirectories(work.resolve("out"));
        assertThrows(
                IllegalArgumentException.class,
                () -> writer.write(source, layout, thirdTooSmall, TestSupport.provenance(), out));
        assertEquals(List.of(), list(out), "the temporary file is removed");
    }

    @Test
    void write_lossySource_flaggedLossyWithMethodAndRatioKept() throws Exception {
        Spec spec = SyntheticSources.SC_RGB_8;
        AttributeList attributes = SyntheticSources.attributes(spec);
        SyntheticSources.put(attributes, new CodeStringAttribute(TagFromName.LossyImageCompression), "01");
        SyntheticSources.put(attributes, new DecimalStringAttribute(TagFromName.LossyImageCompressionRatio), "8.5");
        SyntheticSources.put(
                attributes, new CodeStringAttribute(TagFromName.LossyImageCompressionMethod), "ISO_10918_1");
        Path source = writeSource(attributes, "lossy-source.dcm");
        AttributeList d = TestFrames.read(write(source, layout(spec, true)).file(), false);
        assertEquals("01", text(d, TagFromName.LossyImageCompression));
        assertEquals("8.5", text(d, TagFromName.LossyImageCompressionRatio));
        assertEquals("ISO_10918_1", text(d, TagFromName.LossyImageCompressionMethod));
    }

    @Test
    void write_decoderSaysLossy_flaggedLossyThoughSourceSaid00() throws Exception {
        Spec spec = SyntheticSources.SC_RGB_8;
        AttributeList attributes = SyntheticSources.attributes(spec);
        SyntheticSources.put(attributes, new CodeStringAttribute(TagFromName.LossyImageCompression), "00");
        Path source = writeSource(attributes, "said-00.dcm");
        AttributeList d = TestFrames.read(write(source, layout(spec, true)).file(), false);
        assertEquals("01", text(d, TagFromName.LossyImageCompression));
    }

    @Test
    void write_sourceWithHistory_appendsEquipmentReplacesStaleAttributes() throws Exception {
        Spec spec = SyntheticSources.CR_MONO1_16;
        AttributeList attributes = SyntheticSources.attributes(spec);
        // Equipment that handled the source before: kept, ours goes after it.
        SequenceAttribute equipment = new SequenceAttribute(TagFromName.ContributingEquipmentSequence);
        AttributeList earlier = new AttributeList();
        SyntheticSources.put(earlier, new LongStringAttribute(TagFromName.Manufacturer), "Earlier Router");
        equipment.addItem(earlier);
        attributes.put(equipment);
        // What the new pixels make wrong: a thumbnail, a signature, an external pixel location.
        SequenceAttribute icon = new SequenceAttribute(TagFromName.IconImageSequence);
        icon.addItem(new AttributeList());
        attributes.put(icon);
        SequenceAttribute signatures = new SequenceAttribute(TagFromName.DigitalSignaturesSequence);
        signatures.addItem(new AttributeList());
        attributes.put(signatures);
        SyntheticSources.put(
                attributes,
                new UniversalResourceAttribute(TagFromName.PixelDataProviderURL),
                "http://example.org/pixels");
        OtherByteAttribute offsets = new OtherByteAttribute(new AttributeTag(0x7FE0, 0x0001));
        offsets.setValues(new byte[8]);
        attributes.put(offsets);
        // A source derived before: its description is carried after ours, its references replaced.
        SyntheticSources.put(attributes, new ShortTextAttribute(TagFromName.DerivationDescription), "Lossy compressed");
        // Another vendor owns (0073,0010): our block moves to the next slot.
        SyntheticSources.put(attributes, new LongStringAttribute(new AttributeTag(0x0073, 0x0010)), "OTHER VENDOR");
        SyntheticSources.put(attributes, new LongStringAttribute(new AttributeTag(0x0073, 0x1001)), "theirs");
        Path source = writeSource(attributes, "history-source.dcm");

        AttributeList d = TestFrames.read(write(source, layout(spec, false)).file(), true);

        List<AttributeList> items = items(d, TagFromName.ContributingEquipmentSequence);
        assertEquals(2, items.size());
        assertEquals("Earlier Router", text(items.get(0), TagFromName.Manufacturer));
        assertEquals("Deblur Gateway", text(items.get(1), TagFromName.ManufacturerModelName));
        assertNull(d.get(TagFromName.IconImageSequence));
        assertNull(d.get(TagFromName.DigitalSignaturesSequence));
        assertNull(d.get(TagFromName.PixelDataProviderURL));
        assertNull(d.get(new AttributeTag(0x7FE0, 0x0001)));
        assertTrue(text(d, TagFromName.DerivationDescription).endsWith("; source: Lossy compressed"));
        assertEquals("OTHER VENDOR", text(d, new AttributeTag(0x0073, 0x0010)));
        assertEquals("theirs", text(d, new AttributeTag(0x0073, 0x1001)));
        assertPrivateBlock(d, 0x11);
    }

    @Test
    void write_derivedInstanceAsSource_reusesOurPrivateBlock() throws Exception {
        Spec spec = SyntheticSources.CR_MONO1_16;
        PixelLayout layout = layout(spec, false);
        DerivedInstance first = write(SyntheticSources.write(work, spec), layout);
        Provenance other =
                new Provenance("rdsam", "2.0", TestSupport.WEIGHTS, "CPU", "", 0.5, 0.4, 10, TestSupport.PROCESSED_AT);
        Path out2 = Files.createDirectories(work.resolve("out2"));
        DerivedInstance second = writer.write(first.file(), layout, TestFrames.pattern(layout), other, out2);

        AttributeList d = TestFrames.read(second.file(), false);
        assertEquals("DEBLUR GATEWAY", text(d, new AttributeTag(0x0073, 0x0010)));
        assertNull(d.get(new AttributeTag(0x0073, 0x0011)), "one block, not two");
        assertEquals("rdsam", text(d, new AttributeTag(0x0073, 0x1001)));
        assertEquals("CPU", text(d, new AttributeTag(0x0073, 0x1008)));
        assertEquals(2, items(d, TagFromName.ContributingEquipmentSequence).size());
        assertEquals(2, items(d, TagFromName.RelatedSeriesSequence).size());
        assertEquals(
                first.sopInstanceUid(),
                text(onlyItem(d, TagFromName.SourceImageSequence), TagFromName.ReferencedSOPInstanceUID));
    }

    @Test
    void write_longSeriesDescription_cutToFitTheSuffix() throws Exception {
        Spec spec = SyntheticSources.SC_RGB_8;
        AttributeList attributes = SyntheticSources.attributes(spec);
        SyntheticSources.put(attributes, new LongStringAttribute(TagFromName.SeriesDescription), "x".repeat(64));
        Path source = writeSource(attributes, "long-description.dcm");
        AttributeList d = TestFrames.read(write(source, layout(spec, false)).file(), false);
        assertEquals("x".repeat(64 - 21) + " DEBLURRED rdsam-lite", text(d, TagFromName.SeriesDescription));
    }

    private Path writeSource(AttributeList attributes, String name) throws IOException, DicomException {
        FileMetaInformation.addFileMetaInformation(attributes, TransferSyntaxes.EXPLICIT_VR_LITTLE_ENDIAN, "MODALITY");
        Path file = work.resolve(name);
        attributes.write(file.toFile(), TransferSyntaxes.EXPLICIT_VR_LITTLE_ENDIAN, true, true);
        return file;
    }

    private static void assertPrivateBlock(AttributeList d, int block) throws DicomException {
        assertEquals(QualityTags.CREATOR, text(d, new AttributeTag(QualityTags.GROUP, block)));
        Provenance p = TestSupport.provenance();
        assertEquals(p.modelId(), value(d, block, QualityTags.Element.MODEL_ID).getSingleStringValueOrNull());
        assertEquals(
                p.modelVersion(),
                value(d, block, QualityTags.Element.MODEL_VERSION).getSingleStringValueOrNull());
        assertEquals(
                TestSupport.WEIGHTS,
                value(d, block, QualityTags.Element.WEIGHTS_SHA256).getSingleStringValueOrNull());
        assertEquals(0.42, value(d, block, QualityTags.Element.INPUT_BLUR_SCORE).getDoubleValues()[0]);
        assertEquals(
                0.31, value(d, block, QualityTags.Element.OUTPUT_BLUR_SCORE).getDoubleValues()[0]);
        assertEquals(
                QualityTags.BLUR_MEASURE,
                value(d, block, QualityTags.Element.BLUR_SCORE_MEASURE).getSingleStringValueOrNull());
        assertEquals(
                1234.0, value(d, block, QualityTags.Element.PROCESSING_TIME_MS).getDoubleValues()[0]);
        assertEquals(
                "GPU",
                value(d, block, QualityTags.Element.DEVICE)
                        .getSingleStringValueOrNull()
                        .trim());
        assertEquals(
                "tile 256 overlap 32 batch 4",
                value(d, block, QualityTags.Element.TILING).getSingleStringValueOrNull());
        for (QualityTags.Element e : QualityTags.Element.values()) {
            assertEquals(e.vr(), value(d, block, e).getVRAsString(), e.name());
        }
    }

    private static Attribute value(AttributeList d, int block, QualityTags.Element element) {
        Attribute a = d.get(new AttributeTag(QualityTags.GROUP, element.element(block)));
        assertNotNull(a, element.name());
        return a;
    }

    private static void assertCode(AttributeList item, String value, String scheme, String meaning) {
        assertEquals(value, text(item, TagFromName.CodeValue));
        assertEquals(scheme, text(item, TagFromName.CodingSchemeDesignator));
        assertEquals(meaning, text(item, TagFromName.CodeMeaning));
    }

    private static AttributeList onlyItem(AttributeList list, AttributeTag tag) {
        List<AttributeList> items = items(list, tag);
        assertEquals(1, items.size(), "items in " + tag);
        return items.get(0);
    }

    private static List<AttributeList> items(AttributeList list, AttributeTag tag) {
        Attribute a = list.get(tag);
        assertTrue(a instanceof SequenceAttribute, tag + " is a sequence");
        SequenceAttribute s = (SequenceAttribute) a;
        return IntStream.range(0, s.getNumberOfItems())
                .mapToObj(s::getItem)
                .map(SequenceItem::getAttributeList)
                .toList();
    }

    private static String text(AttributeList list, AttributeTag tag) {
        return TestFrames.string(list, tag).replace("\0", "");
    }

    private static String[] trimmed(String[] values) {
        return Arrays.stream(values).map(String::trim).toArray(String[]::new);
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
