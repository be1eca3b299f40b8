package org.deblurgateway.testsupport;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeFactory;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.OtherByteAttribute;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.TagFromName;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Small DICOM objects with known pixel cells, built with PixelMed and written in a chosen transfer syntax (SOP
 * classes in {@link SopClasses}, syntaxes in {@link TransferSyntaxUids}).
 */
public final class SyntheticObjects {

    private SyntheticObjects() {}

    /**
     * The Image Pixel module of a synthetic object.
     *
     * @param planar Planar Configuration; written only for three-sample images
     */
    public record Spec(
            String photometric,
            int rows,
            int columns,
            int frames,
            int samplesPerPixel,
            int bitsAllocated,
            int bitsStored,
            int highBit,
            boolean signed,
            int planar) {

        public static Spec grey(
                String photometric,
                int rows,
                int columns,
                int frames,
                int bitsAllocated,
                int bitsStored,
                int highBit,
                boolean signed) {
            return new Spec(photometric, rows, columns, frames, 1, bitsAllocated, bitsStored, highBit, signed, 0);
        }

        public static Spec colour(
                String photometric, int rows, int columns, int frames, int bitsAllocated, int planar) {
            return new Spec(
                    photometric,
                    rows,
                    columns,
                    frames,
                    3,
                    bitsAllocated,
                    bitsAllocated,
                    bitsAllocated - 1,
                    false,
                    planar);
        }

        public int cellsPerFrame() {
            return rows * columns * samplesPerPixel;
        }
    }

    /** Header attributes of an image of {@code sopClass} (no pixel data yet). */
    public static AttributeList image(String sopClass, Spec spec) throws DicomException {
        AttributeList list = object(sopClass);
        put(list, TagFromName.PhotometricInterpretation, spec.photometric());
        put(list, TagFromName.Rows, spec.rows());
        put(list, TagFromName.Columns, spec.columns());
        put(list, TagFromName.SamplesPerPixel, spec.samplesPerPixel());
        put(list, TagFromName.BitsAllocated, spec.bitsAllocated());
        put(list, TagFromName.BitsStored, spec.bitsStored());
        put(list, TagFromName.HighBit, spec.highBit());
        put(list, TagFromName.PixelRepresentation, spec.signed() ? 1 : 0);
        if (spec.samplesPerPixel() == 3) {
            put(list, TagFromName.PlanarConfiguration, spec.planar());
        }
        if (spec.frames() > 1) {
            put(list, TagFromName.NumberOfFrames, spec.frames());
        }
        return list;
    }

    /** SOP identification and patient/study attributes only. */
    public static AttributeList object(String sopClass) throws DicomException {
        AttributeList list = new AttributeList();
        put(list, TagFromName.SOPClassUID, sopClass);
        put(list, TagFromName.SOPInstanceUID, "2.25." + Long.toUnsignedString(System.nanoTime()));
        put(list, TagFromName.StudyInstanceUID, "2.25.1001");
        put(list, TagFromName.SeriesInstanceUID, "2.25.1002");
        put(list, TagFromName.Modality, "OT");
        put(list, TagFromName.PatientName, "Synthetic^Pixels");
        return list;
    }

    /** Adds Pixel Data holding {@code cells}: OB for 8-bit cells, OW for 16-bit ones. */
    public static AttributeList withCells(AttributeList list, int bitsAllocated, int[] cells) throws DicomException {
        if (bitsAllocated == 8) {
            byte[] bytes = new byte[cells.length + cells.length % 2];
            for (int i = 0; i < cells.length; i++) {
                bytes[i] = (byte) cells[i];
            }
            OtherByteAttribute pixelData = new OtherByteAttribute(TagFromName.PixelData);
            pixelData.setValues(bytes);
            list.put(pixelData);
        } else {
            short[] words = new short[cells.length];
            for (int i = 0; i < cells.length; i++) {
                words[i] = (short) cells[i];
            }
            OtherWordAttribute pixelData = new OtherWordAttribute(TagFromName.PixelData);
            pixelData.setValues(words);
            list.put(pixelData);
        }
        return list;
    }

    /** Adds 8-bit cells packed two to a word in an OW value (first cell in the low byte), as some writers do. */
    public static AttributeList withByteCellsInWords(AttributeList list, int[] cells) throws DicomException {
        short[] words = new short[(cells.length + 1) / 2];
        for (int i = 0; i < cells.length; i++) {
            words[i / 2] |= (short) ((cells[i] & 0xFF) << (8 * (i % 2)));
        }
        OtherWordAttribute pixelData = new OtherWordAttribute(TagFromName.PixelData);
        pixelData.setValues(words);
        list.put(pixelData);
        return list;
    }

    /** Writes {@code list} as a Part 10 file in {@code transferSyntax} (a native one). */
    public static Path write(AttributeList list, Path file, String transferSyntax) throws IOException, DicomException {
        return write(list, file, transferSyntax, "PIXELTEST");
    }

    /** As {@link #write(AttributeList, Path, String)}, naming {@code sourceAe} as the file's source application. */
    public static Path write(AttributeList list, Path file, String transferSyntax, String sourceAe)
            throws IOException, DicomException {
        FileMetaInformation.addFileMetaInformation(list, transferSyntax, sourceAe);
        list.write(file.toFile(), transferSyntax, true, true);
        return file;
    }

    /**
     * Writes {@code list} (without pixel data) under a compressed transfer syntax, followed by encapsulated Pixel
     * Data holding one fragment of {@code fragment} bytes (PS3.5 A.4).
     */
    public static Path writeEncapsulated(AttributeList list, Path file, String transferSyntax, byte[] fragment)
            throws IOException, DicomException {
        FileMetaInformation.addFileMetaInformation(list, transferSyntax, "PIXELTEST");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // Every encapsulated syntax encodes the data set as explicit VR little endian.
        list.write(out, transferSyntax, true, true);
        byte[] padded = fragment.length % 2 == 0 ? fragment : Arrays.copyOf(fragment, fragment.length + 1);
        out.writeBytes(new byte[] {(byte) 0xE0, 0x7F, 0x10, 0x00, 'O', 'B', 0, 0, -1, -1, -1, -1});
        out.writeBytes(new byte[] {-2, -1, 0x00, -32, 0, 0, 0, 0}); // empty basic offset table
        out.writeBytes(new byte[] {-2, -1, 0x00, -32});
        out.writeBytes(le32(padded.length));
        out.writeBytes(padded);
        out.writeBytes(new byte[] {-2, -1, -35, -32, 0, 0, 0, 0}); // sequence delimitation item
        Files.write(file, out.toByteArray());
        return file;
    }

    public static void put(AttributeList list, AttributeTag tag, String value) throws DicomException {
        Attribute a = AttributeFactory.newAttribute(tag);
        a.addValue(value);
        list.put(a);
    }

    public static void put(AttributeList list, AttributeTag tag, int value) throws DicomException {
        Attribute a = AttributeFactory.newAttribute(tag);
        a.addValue(value);
        list.put(a);
    }

    private static byte[] le32(int v) {
        return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
    }
}
