package org.deblurgateway.testsupport;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.AttributeTagAttribute;
import com.pixelmed.dicom.CodeStringAttribute;
import com.pixelmed.dicom.DateAttribute;
import com.pixelmed.dicom.DecimalStringAttribute;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.IntegerStringAttribute;
import com.pixelmed.dicom.LongStringAttribute;
import com.pixelmed.dicom.PersonNameAttribute;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.ShortStringAttribute;
import com.pixelmed.dicom.SignedShortAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TimeAttribute;
import com.pixelmed.dicom.UniqueIdentifierAttribute;
import com.pixelmed.dicom.UnsignedShortAttribute;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Small, fairly complete source objects of several modalities (Explicit VR Little Endian), as a modality would send
 * them, for the derived-instance tests; {@link SyntheticObjects} builds bare images with chosen pixel cells.
 */
public final class SyntheticSources {

    public static final String STUDY_UID = "2.25.4242";

    // Tags PixelMed's TagFromName does not name.
    private static final AttributeTag PIXEL_INTENSITY_RELATIONSHIP = new AttributeTag(0x0028, 0x1040);
    private static final AttributeTag PIXEL_INTENSITY_RELATIONSHIP_SIGN = new AttributeTag(0x0028, 0x1041);
    private static final AttributeTag DETECTOR_TYPE = new AttributeTag(0x0018, 0x7004);
    private static final AttributeTag KVP = new AttributeTag(0x0018, 0x0060);
    private static final AttributeTag POSITIONER_TYPE = new AttributeTag(0x0018, 0x1508);

    /**
     * What a synthetic source looks like: its SOP class and modality, and its Image Pixel module as
     * {@link SyntheticObjects} builds it.
     */
    public record Spec(String name, String sopClass, String modality, SyntheticObjects.Spec pixels) {

        public String photometric() {
            return pixels.photometric();
        }

        public int rows() {
            return pixels.rows();
        }

        public int columns() {
            return pixels.columns();
        }

        public int frames() {
            return pixels.frames();
        }

        public int bitsAllocated() {
            return pixels.bitsAllocated();
        }

        public int bitsStored() {
            return pixels.bitsStored();
        }

        public boolean signed() {
            return pixels.signed();
        }

        public int channels() {
            return pixels.samplesPerPixel();
        }
    }

    public static final Spec CR_MONO1_16 = new Spec(
            "cr", SopClasses.CR_IMAGE, "CR", SyntheticObjects.Spec.grey("MONOCHROME1", 48, 64, 1, 16, 12, 11, false));
    public static final Spec DX_MONO2_16 = new Spec(
            "dx",
            SopClasses.DX_IMAGE_FOR_PRESENTATION,
            "DX",
            SyntheticObjects.Spec.grey("MONOCHROME2", 40, 50, 1, 16, 14, 13, false));
    public static final Spec SC_RGB_8 =
            new Spec("rgb", SopClasses.SECONDARY_CAPTURE, "OT", SyntheticObjects.Spec.colour("RGB", 31, 33, 1, 8, 0));
    public static final Spec SC_MULTIFRAME_16 = new Spec(
            "multiframe",
            SopClasses.MULTIFRAME_GRAYSCALE_WORD_SC,
            "OT",
            SyntheticObjects.Spec.grey("MONOCHROME2", 20, 24, 5, 16, 16, 15, false));
    public static final Spec CT_SIGNED_16 = new Spec(
            "signed",
            SopClasses.CT_IMAGE,
            "CT",
            SyntheticObjects.Spec.grey("MONOCHROME2", 32, 32, 1, 16, 12, 11, true));

    private SyntheticSources() {}

    public static String seriesUid(Spec spec) {
        return "2.25.4242." + Math.abs(spec.name().hashCode());
    }

    public static String instanceUid(Spec spec) {
        return "2.25.4242." + Math.abs(spec.name().hashCode()) + ".1";
    }

    /** Writes the source object of {@code spec} into {@code dir} and returns its path. */
    public static Path write(Path dir, Spec spec) throws IOException {
        try {
            return SyntheticObjects.write(
                    attributes(spec),
                    dir.resolve(spec.name() + "-source.dcm"),
                    TransferSyntaxUids.EXPLICIT_LE,
                    "MODALITY");
        } catch (DicomException e) {
            throw new IOException(e);
        }
    }

    /**
     * An uncompressed Multi-frame Grayscale Word Secondary Capture object (16 bits allocated, 12 stored, MONOCHROME2)
     * at {@code file}, {@code frames} of {@code rows} x {@code columns}, each frame its own scene
     * ({@link Scenes#distinctFrames}), in a study and series of its own; returns its SOP Instance UID.
     */
    public static String writeDistinctFrames(Path file, int frames, int rows, int columns, long seed)
            throws IOException {
        Spec spec = new Spec(
                "distinct-frames",
                SopClasses.MULTIFRAME_GRAYSCALE_WORD_SC,
                "OT",
                SyntheticObjects.Spec.grey("MONOCHROME2", rows, columns, frames, 16, 12, 11, false));
        return writeFresh(file, spec, Scenes.distinctFrames(frames, rows, columns, seed));
    }

    /**
     * An uncompressed Computed Radiography object (16 bits allocated, 12 stored, MONOCHROME2), {@code size} x
     * {@code size}, that looks like a motion-blurred chest radiograph ({@link Scenes#blurredChestRadiograph}), in a
     * study and series of its own; returns its SOP Instance UID.
     */
    public static String writeBlurredRadiograph(Path file, int size, long seed) throws IOException {
        Spec spec = new Spec(
                "radiograph",
                SopClasses.CR_IMAGE,
                "CR",
                SyntheticObjects.Spec.grey("MONOCHROME2", size, size, 1, 16, 12, 11, false));
        return writeFresh(file, spec, Scenes.blurredChestRadiograph(size, seed));
    }

    /** Writes the source object of {@code spec} with {@code cells} and new UIDs; returns the SOP Instance UID. */
    private static String writeFresh(Path file, Spec spec, int[] cells) throws IOException {
        String uid = InstanceCopies.newUid();
        try {
            AttributeList l = attributes(spec);
            put(l, new UniqueIdentifierAttribute(TagFromName.SOPInstanceUID), uid);
            put(l, new UniqueIdentifierAttribute(TagFromName.StudyInstanceUID), InstanceCopies.newUid());
            put(l, new UniqueIdentifierAttribute(TagFromName.SeriesInstanceUID), InstanceCopies.newUid());
            // They would describe the ramp attributes() puts in, not these cells.
            l.remove(TagFromName.SmallestImagePixelValue);
            l.remove(TagFromName.LargestImagePixelValue);
            SyntheticObjects.withCells(l, spec.bitsAllocated(), cells);
            Files.createDirectories(file.toAbsolutePath().getParent());
            SyntheticObjects.write(l, file, TransferSyntaxUids.EXPLICIT_LE, "MODALITY");
            return uid;
        } catch (DicomException e) {
            throw new IOException(e);
        }
    }

    public static AttributeList attributes(Spec spec) throws DicomException {
        // The Image Pixel module (and Number of Frames) as SyntheticObjects writes it; the rest a modality adds.
        AttributeList l = SyntheticObjects.image(spec.sopClass(), spec.pixels());
        put(l, new CodeStringAttribute(TagFromName.SpecificCharacterSet), "ISO_IR 100");
        put(l, new UniqueIdentifierAttribute(TagFromName.SOPClassUID), spec.sopClass());
        put(l, new UniqueIdentifierAttribute(TagFromName.SOPInstanceUID), instanceUid(spec));
        put(l, new UniqueIdentifierAttribute(TagFromName.StudyInstanceUID), STUDY_UID);
        put(l, new UniqueIdentifierAttribute(TagFromName.SeriesInstanceUID), seriesUid(spec));
        put(l, new DateAttribute(TagFromName.StudyDate), "20260102");
        put(l, new TimeAttribute(TagFromName.StudyTime), "101500");
        put(l, new DateAttribute(TagFromName.ContentDate), "20260102");
        put(l, new TimeAttribute(TagFromName.ContentTime), "101600");
        put(l, new ShortStringAttribute(TagFromName.AccessionNumber), "A1");
        put(l, new CodeStringAttribute(TagFromName.Modality), spec.modality());
        put(l, new LongStringAttribute(TagFromName.Manufacturer), "Synthetic Imaging");
        put(l, new PersonNameAttribute(TagFromName.ReferringPhysicianName), "Doe^Jane");
        put(l, new LongStringAttribute(TagFromName.SeriesDescription), "Chest PA");
        put(l, new PersonNameAttribute(TagFromName.PatientName), "Test^Patient");
        put(l, new LongStringAttribute(TagFromName.PatientID), "PID1");
        put(l, new DateAttribute(TagFromName.PatientBirthDate), "19700101");
        put(l, new CodeStringAttribute(TagFromName.PatientSex), "O");
        put(l, new ShortStringAttribute(TagFromName.StudyID), "S1");
        put(l, new IntegerStringAttribute(TagFromName.SeriesNumber), "3");
        put(l, new IntegerStringAttribute(TagFromName.InstanceNumber), "7");
        put(l, new CodeStringAttribute(TagFromName.BurnedInAnnotation), "NO");
        put(l, new CodeStringAttribute(TagFromName.ImageType), "ORIGINAL", "PRIMARY");
        // Attributes the writer must drop: they describe the old pixels.
        put(l, new UnsignedShortAttribute(TagFromName.SmallestImagePixelValue), 0);
        put(l, new UnsignedShortAttribute(TagFromName.LargestImagePixelValue), 100);
        if (spec.frames() > 1) {
            frameIncrementPointer(l);
        }
        if (!spec.photometric().equals("RGB")) {
            put(l, new DecimalStringAttribute(TagFromName.WindowCenter), "2048");
            put(l, new DecimalStringAttribute(TagFromName.WindowWidth), "4096");
            put(l, new DecimalStringAttribute(TagFromName.RescaleIntercept), spec.signed() ? "-1024" : "0");
            put(l, new DecimalStringAttribute(TagFromName.RescaleSlope), "1");
        }
        modalitySpecific(l, spec);
        return SyntheticObjects.withCells(l, spec.bitsAllocated(), ramp(spec));
    }

    private static void modalitySpecific(AttributeList l, Spec spec) throws DicomException {
        switch (spec.modality()) {
            case "CR" -> {
                put(l, new CodeStringAttribute(TagFromName.BodyPartExamined), "CHEST");
                put(l, new CodeStringAttribute(TagFromName.ViewPosition), "PA");
                put(l, new CodeStringAttribute(TagFromName.PatientOrientation), "A", "F");
                put(l, new LongStringAttribute(TagFromName.RescaleType), "US");
            }
            case "DX" -> {
                put(l, new CodeStringAttribute(TagFromName.PresentationIntentType), "FOR PRESENTATION");
                put(l, new CodeStringAttribute(TagFromName.PatientOrientation), "A", "F");
                put(l, new CodeStringAttribute(TagFromName.ImageLaterality), "U");
                put(l, new CodeStringAttribute(PIXEL_INTENSITY_RELATIONSHIP), "LIN");
                put(l, new SignedShortAttribute(PIXEL_INTENSITY_RELATIONSHIP_SIGN), 1);
                put(l, new LongStringAttribute(TagFromName.RescaleType), "US");
                put(l, new CodeStringAttribute(TagFromName.PresentationLUTShape), "IDENTITY");
                put(l, new CodeStringAttribute(TagFromName.LossyImageCompression), "00");
                put(l, new CodeStringAttribute(DETECTOR_TYPE), "DIRECT");
                put(l, new DecimalStringAttribute(TagFromName.ImagerPixelSpacing), "0.1", "0.1");
                put(l, new CodeStringAttribute(TagFromName.BodyPartExamined), "CHEST");
                put(l, new CodeStringAttribute(TagFromName.ViewPosition), "PA");
                SequenceAttribute region = new SequenceAttribute(TagFromName.AnatomicRegionSequence);
                AttributeList chest = new AttributeList();
                put(chest, new ShortStringAttribute(TagFromName.CodeValue), "51185008");
                put(chest, new ShortStringAttribute(TagFromName.CodingSchemeDesignator), "SCT");
                put(chest, new LongStringAttribute(TagFromName.CodeMeaning), "Chest");
                region.addItem(chest);
                l.put(region);
                put(l, new CodeStringAttribute(POSITIONER_TYPE), "NONE");
                l.put(new SequenceAttribute(TagFromName.AcquisitionContextSequence));
                put(l, new DecimalStringAttribute(KVP), "120");
            }
            case "CT" -> {
                put(l, new DecimalStringAttribute(KVP), "120");
                put(l, new DecimalStringAttribute(TagFromName.PixelSpacing), "0.5", "0.5");
                put(l, new DecimalStringAttribute(TagFromName.SliceThickness), "1");
                put(l, new DecimalStringAttribute(TagFromName.ImagePositionPatient), "0", "0", "0");
                put(l, new DecimalStringAttribute(TagFromName.ImageOrientationPatient), "1", "0", "0", "0", "1", "0");
                put(l, new UniqueIdentifierAttribute(TagFromName.FrameOfReferenceUID), "2.25.4242.9");
                put(l, new LongStringAttribute(TagFromName.PositionReferenceIndicator), "");
                put(l, new IntegerStringAttribute(TagFromName.AcquisitionNumber), "1");
                put(l, new CodeStringAttribute(TagFromName.PatientPosition), "HFS");
                put(l, new CodeStringAttribute(TagFromName.ImageType), "ORIGINAL", "PRIMARY", "AXIAL");
            }
            default -> {
                put(l, new CodeStringAttribute(TagFromName.ConversionType), "WSD");
                put(l, new CodeStringAttribute(TagFromName.PatientOrientation), "A", "F");
            }
        }
    }

    /** Cells counting up from 0, wrapping at the largest value the stored bits hold. */
    private static int[] ramp(Spec spec) {
        int count = spec.rows() * spec.columns() * spec.channels() * spec.frames();
        int max = spec.signed() ? (1 << (spec.bitsStored() - 1)) - 1 : (1 << spec.bitsStored()) - 1;
        int[] cells = new int[count];
        for (int i = 0; i < count; i++) {
            cells[i] = i % (max + 1);
        }
        return cells;
    }

    public static void put(AttributeList list, Attribute a, String... values) throws DicomException {
        for (String v : values) {
            a.addValue(v);
        }
        list.put(a);
    }

    public static void put(AttributeList list, Attribute a, int value) throws DicomException {
        a.addValue(value);
        list.put(a);
    }

    /** Frame Increment Pointer (AT) of a multi-frame secondary capture: frames advance in time. */
    private static void frameIncrementPointer(AttributeList l) throws DicomException {
        AttributeTagAttribute a = new AttributeTagAttribute(TagFromName.FrameIncrementPointer);
        a.addValue(new AttributeTag(0x0018, 0x1063)); // Frame Time
        l.put(a);
        put(l, new DecimalStringAttribute(TagFromName.FrameTime), "40");
    }
}
