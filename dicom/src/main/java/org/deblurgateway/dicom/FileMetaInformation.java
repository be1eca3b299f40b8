package org.deblurgateway.dicom;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Preamble, "DICM" and File Meta Information (PS3.10 7.1) of the Part 10 files the gateway writes. */
public final class FileMetaInformation {

    /**
     * The product's Implementation Class UID and Version Name, in files and in A-ASSOCIATE user information alike.
     */
    public static final String IMPLEMENTATION_CLASS_UID = "2.25.112430865971793345312876825307074768116";

    public static final String IMPLEMENTATION_VERSION_NAME = "DEBLUR_GW_01";

    private FileMetaInformation() {}

    /** The bytes up to the data set; {@code sourceAeTitle} may be null (then (0002,0016) is left out). */
    public static byte[] bytes(
            String sopClassUid, String sopInstanceUid, String transferSyntaxUid, String sourceAeTitle) {
        ByteArrayOutputStream elements = new ByteArrayOutputStream(256);
        // (0002,0001) File Meta Information Version, OB 00\01
        elements.writeBytes(new byte[] {0x02, 0x00, 0x01, 0x00, 'O', 'B', 0, 0, 2, 0, 0, 0, 0x00, 0x01});
        putShortForm(elements, 0x0002, "UI", sopClassUid, (byte) 0);
        putShortForm(elements, 0x0003, "UI", sopInstanceUid, (byte) 0);
        putShortForm(elements, 0x0010, "UI", transferSyntaxUid, (byte) 0);
        putShortForm(elements, 0x0012, "UI", IMPLEMENTATION_CLASS_UID, (byte) 0);
        putShortForm(elements, 0x0013, "SH", IMPLEMENTATION_VERSION_NAME, (byte) ' ');
        if (sourceAeTitle != null && !sourceAeTitle.isBlank()) {
            putShortForm(elements, 0x0016, "AE", sourceAeTitle.trim(), (byte) ' ');
        }
        byte[] body = elements.toByteArray();
        ByteBuffer out = ByteBuffer.allocate(128 + 4 + 12 + body.length).order(ByteOrder.LITTLE_ENDIAN);
        out.position(128);
        out.put("DICM".getBytes(StandardCharsets.US_ASCII));
        // (0002,0000) File Meta Information Group Length, UL
        out.putShort((short) 0x0002)
                .putShort((short) 0x0000)
                .put((byte) 'U')
                .put((byte) 'L')
                .putShort((short) 4);
        out.putInt(body.length);
        out.put(body);
        return out.array();
    }

    private static void putShortForm(ByteArrayOutputStream out, int element, String vr, String value, byte pad) {
        byte[] v = value.getBytes(StandardCharsets.US_ASCII);
        int length = v.length + (v.length % 2);
        out.write(0x02);
        out.write(0x00);
        out.write(element & 0xFF);
        out.write(element >>> 8);
        out.write(vr.charAt(0));
        out.write(vr.charAt(1));
        out.write(length & 0xFF);
        out.write(length >>> 8);
        out.writeBytes(v);
        if (length != v.length) {
            out.write(pad);
        }
    }
}
