package org.deblurgateway.gateway.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;

/**
 * A file's bytes split the way a C-STORE SCU needs them: the UIDs from the File Meta Information (group 0002, explicit
 * VR little endian) and the data set bytes after it, untouched. Files without a "DICM" preamble are taken whole as an
 * implicit VR little endian data set with fallback UIDs, so even non-DICOM bytes can be put on the wire.
 */
public record RawDicomFile(
        String sopClassUid, String sopInstanceUid, String transferSyntaxUid, byte[] dataSet, int dataSetOffset) {

    public static final String SECONDARY_CAPTURE = "1.2.840.10008.5.1.4.1.1.7";
    public static final String IMPLICIT_LITTLE_ENDIAN = "1.2.840.10008.1.2";
    private static final Set<String> LONG_VRS =
            Set.of("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV");

    /** Reads {@code file}; missing or empty meta UIDs become {@code fallbackInstanceUid} and Secondary Capture. */
    public static RawDicomFile read(Path file, String fallbackInstanceUid) {
        try {
            return parse(Files.readAllBytes(file), fallbackInstanceUid);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Splits {@code bytes} (a whole Part 10 file, or a bare data set). */
    public static RawDicomFile parse(byte[] bytes, String fallbackInstanceUid) {
        boolean part10 = bytes.length >= 132 && "DICM".equals(new String(bytes, 128, 4, StandardCharsets.US_ASCII));
        if (!part10) {
            return new RawDicomFile(SECONDARY_CAPTURE, fallbackInstanceUid, IMPLICIT_LITTLE_ENDIAN, bytes, 0);
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        buffer.position(132);
        String sopClass = "";
        String sopInstance = "";
        String syntax = "";
        while (buffer.remaining() >= 8) {
            int start = buffer.position();
            int group = buffer.getShort() & 0xFFFF;
            if (group != 0x0002) {
                buffer.position(start);
                break;
            }
            int element = buffer.getShort() & 0xFFFF;
            String vr = new String(new byte[] {buffer.get(), buffer.get()}, StandardCharsets.US_ASCII);
            long length;
            if (LONG_VRS.contains(vr)) {
                buffer.getShort();
                length = buffer.getInt() & 0xFFFFFFFFL;
            } else {
                length = buffer.getShort() & 0xFFFF;
            }
            if (length > buffer.remaining()) {
                break;
            }
            byte[] value = new byte[(int) length];
            buffer.get(value);
            String text = new String(value, StandardCharsets.US_ASCII)
                    .replace("\0", "")
                    .trim();
            switch (element) {
                case 0x0002 -> sopClass = text;
                case 0x0003 -> sopInstance = text;
                case 0x0010 -> syntax = text;
                default -> {}
            }
        }
        int offset = buffer.position();
        return new RawDicomFile(
                sopClass.isEmpty() ? SECONDARY_CAPTURE : sopClass,
                sopInstance.isEmpty() ? fallbackInstanceUid : sopInstance,
                syntax.isEmpty() ? IMPLICIT_LITTLE_ENDIAN : syntax,
                Arrays.copyOfRange(bytes, offset, bytes.length),
                offset);
    }

    /**
     * The same bytes announced with other UIDs in the C-STORE command; real SCUs (storescu) take them from the data set
     * rather than the File Meta, and the two disagree in some broken files.
     */
    public RawDicomFile withCommandUids(String sopClass, String sopInstance) {
        return new RawDicomFile(sopClass, sopInstance, transferSyntaxUid, dataSet, dataSetOffset);
    }

    /** The same object with its data set cut to {@code fraction} of its length (a truncated transfer). */
    public RawDicomFile truncated(double fraction) {
        return new RawDicomFile(
                sopClassUid,
                sopInstanceUid,
                transferSyntaxUid,
                Arrays.copyOf(dataSet, (int) (dataSet.length * fraction)),
                dataSetOffset);
    }

    /** The same object with {@code count} bytes at {@code position} of the data set inverted. */
    public RawDicomFile flipped(int position, int count) {
        byte[] copy = dataSet.clone();
        for (int i = position; i < position + count && i < copy.length; i++) {
            copy[i] = (byte) ~copy[i];
        }
        return new RawDicomFile(sopClassUid, sopInstanceUid, transferSyntaxUid, copy, dataSetOffset);
    }

    /**
     * Offset in the data set of the element header (tag + length, implicit VR little endian) of the element that
     * starts nearest to {@code approximateOffset}: inverting its 8 bytes turns the length into a value larger than
     * the whole stream, which no parser can honour.
     */
    public int implicitElementHeaderNear(int approximateOffset) {
        ByteBuffer buffer = ByteBuffer.wrap(dataSet).order(ByteOrder.LITTLE_ENDIAN);
        int best = -1;
        while (buffer.remaining() >= 8) {
            int start = buffer.position();
            int group = buffer.getShort() & 0xFFFF;
            buffer.getShort();
            long length = buffer.getInt() & 0xFFFFFFFFL;
            if (group == 0x7FE0 || length == 0xFFFFFFFFL || length > buffer.remaining()) {
                break;
            }
            best = start;
            if (start >= approximateOffset) {
                break;
            }
            buffer.position(buffer.position() + (int) length);
        }
        if (best < 0) {
            throw new IllegalStateException("no implicit VR element header found in the data set");
        }
        return best;
    }

    /**
     * The same object (explicit VR little endian) with the 4-byte length of Pixel Data (7FE0,0010) OB/OW set to
     * 0x7FFFFFFE: the header now promises ~2 GB that never come.
     */
    public RawDicomFile withHugePixelDataLength() {
        for (int i = 0; i + 12 <= dataSet.length; i++) {
            if ((dataSet[i] & 0xFF) == 0xE0
                    && dataSet[i + 1] == 0x7F
                    && dataSet[i + 2] == 0x10
                    && dataSet[i + 3] == 0x00
                    && dataSet[i + 4] == 'O'
                    && (dataSet[i + 5] == 'W' || dataSet[i + 5] == 'B')) {
                byte[] copy = dataSet.clone();
                ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putInt(i + 8, 0x7FFFFFFE);
                return new RawDicomFile(sopClassUid, sopInstanceUid, transferSyntaxUid, copy, dataSetOffset);
            }
        }
        throw new IllegalStateException("no explicit VR Pixel Data element found");
    }

    /** Offset of the first Pixel Data tag (7FE0,0010) in the data set, or the data set length when there is none. */
    public int pixelDataOffsetOrEnd() {
        for (int i = 0; i + 4 <= dataSet.length; i++) {
            if ((dataSet[i] & 0xFF) == 0xE0
                    && dataSet[i + 1] == 0x7F
                    && dataSet[i + 2] == 0x10
                    && dataSet[i + 3] == 0x00) {
                return i;
            }
        }
        return dataSet.length;
    }
}
