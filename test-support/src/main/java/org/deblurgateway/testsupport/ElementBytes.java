package org.deblurgateway.testsupport;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;

/**
 * DICOM elements as bytes, for the objects test-support writes or edits without a toolkit (a crafted UID verbatim, a
 * length that lies, a header rewritten in place): element headers in explicit or implicit VR and either byte order,
 * values padded to an even length (PS3.5 7.1).
 */
final class ElementBytes {

    private static final Set<String> LONG_LENGTH_VRS =
            Set.of("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV");

    private ElementBytes() {}

    /** An element (explicit VR little endian): header and value. */
    static byte[] element(int group, int element, String vr, byte[] value) {
        return element((group << 16) | element, vr, value, true, true);
    }

    /** An element in the given encoding: header and value. */
    static byte[] element(int tag, String vr, byte[] value, boolean littleEndian, boolean explicitVr) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(12 + value.length);
        out.writeBytes(header(tag, vr, value.length, littleEndian, explicitVr));
        out.writeBytes(value);
        return out.toByteArray();
    }

    /** An element header (explicit VR little endian) declaring {@code length}, whatever follows. */
    static byte[] header(int group, int element, String vr, long length) {
        return header((group << 16) | element, vr, length, true, true);
    }

    /** An element header in the given encoding; implicit VR has no VR and a 4-byte length. */
    static byte[] header(int tag, String vr, long length, boolean littleEndian, boolean explicitVr) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(12);
        out.writeBytes(order(tag >>> 16, 2, littleEndian));
        out.writeBytes(order(tag & 0xFFFF, 2, littleEndian));
        if (!explicitVr) {
            out.writeBytes(order(length, 4, littleEndian));
        } else if (hasLongLength(vr)) {
            out.writeBytes(vr.getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(new byte[2]);
            out.writeBytes(order(length, 4, littleEndian));
        } else {
            out.writeBytes(vr.getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(order(length, 2, littleEndian));
        }
        return out.toByteArray();
    }

    /** A UID value, verbatim, padded with NUL to an even length. */
    static byte[] uid(String uid) {
        byte[] b = uid.getBytes(StandardCharsets.US_ASCII);
        return b.length % 2 == 0 ? b : Arrays.copyOf(b, b.length + 1);
    }

    /** A text value padded with a space to an even length. */
    static byte[] text(String s) {
        return (s.length() % 2 == 0 ? s : s + " ").getBytes(StandardCharsets.US_ASCII);
    }

    /** Whether an explicit VR element of {@code vr} has a 4-byte length after two reserved bytes. */
    static boolean hasLongLength(String vr) {
        return LONG_LENGTH_VRS.contains(vr);
    }

    static byte[] le(long v, int n) {
        return order(v, n, true);
    }

    static byte[] order(long v, int n, boolean littleEndian) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            int shift = littleEndian ? 8 * i : 8 * (n - 1 - i);
            b[i] = (byte) (v >>> shift);
        }
        return b;
    }

    static int le16(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    static long le32(byte[] b, int at) {
        return (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16 | (b[at + 3] & 0xFFL) << 24;
    }
}
