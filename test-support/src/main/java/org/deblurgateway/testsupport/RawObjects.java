package org.deblurgateway.testsupport;

import static org.deblurgateway.testsupport.ElementBytes.le;
import static org.deblurgateway.testsupport.ElementBytes.text;
import static org.deblurgateway.testsupport.ElementBytes.uid;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Small secondary capture objects (explicit VR little endian) written byte by byte, without a toolkit: any SOP
 * Instance UID goes in verbatim (a crafted, invalid one too), and a bare data set can be had for {@link RawStoreScu}.
 */
public final class RawObjects {

    public static final String STUDY_UID = "2.25.1001";
    public static final String SERIES_UID = "2.25.1002";

    private RawObjects() {}

    /** The data set alone (explicit VR little endian, no meta header) of a 4x4 image with native pixel data. */
    public static byte[] dataSet(String sopClass, String sopInstance) {
        ByteArrayOutputStream out = headerElements(sopClass, sopInstance);
        byte[] pixels = new byte[16];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 17);
        }
        element(out, 0x7FE0, 0x0010, "OB", pixels);
        return out.toByteArray();
    }

    /** The data set alone with encapsulated pixel data (empty offset table, one fragment), as compressed syntaxes have. */
    public static byte[] encapsulatedDataSet(String sopClass, String sopInstance) {
        ByteArrayOutputStream out = headerElements(sopClass, sopInstance);
        out.writeBytes(new byte[] {(byte) 0xE0, 0x7F, 0x10, 0x00, 'O', 'B', 0, 0, -1, -1, -1, -1});
        out.writeBytes(new byte[] {-2, -1, 0x00, -32, 0, 0, 0, 0}); // basic offset table, empty
        out.writeBytes(new byte[] {-2, -1, 0x00, -32, 8, 0, 0, 0, (byte) 0xFF, 0x4F, (byte) 0xFF, 0x51, 1, 2, 3, 4});
        out.writeBytes(new byte[] {-2, -1, -35, -32, 0, 0, 0, 0}); // sequence delimiter
        return out.toByteArray();
    }

    private static ByteArrayOutputStream headerElements(String sopClass, String sopInstance) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        element(out, 0x0008, 0x0016, "UI", uid(sopClass));
        element(out, 0x0008, 0x0018, "UI", uid(sopInstance));
        element(out, 0x0008, 0x0060, "CS", text("OT"));
        element(out, 0x0020, 0x000D, "UI", uid(STUDY_UID));
        element(out, 0x0020, 0x000E, "UI", uid(SERIES_UID));
        element(out, 0x0028, 0x0010, "US", le(4, 2));
        element(out, 0x0028, 0x0011, "US", le(4, 2));
        return out;
    }

    /** A 16x16 8-bit MONOCHROME2 secondary capture Part 10 file with {@code sopInstance}; folders are created. */
    public static Path secondaryCapture(Path file, String sopInstance) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        return write(file, SopClasses.SECONDARY_CAPTURE, sopInstance, 256);
    }

    /** A 16x16 8-bit MONOCHROME2 image (or {@code pixelBytes} of pixel data) with the given UIDs. */
    public static Path write(Path file, String sopClass, String sopInstance, int pixelBytes) throws IOException {
        ByteArrayOutputStream meta = new ByteArrayOutputStream();
        element(meta, 0x0002, 0x0001, "OB", new byte[] {0, 1});
        element(meta, 0x0002, 0x0002, "UI", uid(sopClass));
        element(meta, 0x0002, 0x0003, "UI", uid(sopInstance));
        element(meta, 0x0002, 0x0010, "UI", uid(TransferSyntaxUids.EXPLICIT_LE));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[128]);
        out.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
        element(out, 0x0002, 0x0000, "UL", le(meta.size(), 4));
        out.writeBytes(meta.toByteArray());
        element(out, 0x0008, 0x0016, "UI", uid(sopClass));
        element(out, 0x0008, 0x0018, "UI", uid(sopInstance));
        element(out, 0x0008, 0x0060, "CS", text("OT"));
        element(out, 0x0008, 0x1030, "LO", text("Test study"));
        element(out, 0x0008, 0x103E, "LO", text("Generated series"));
        element(out, 0x0010, 0x0010, "PN", text("Test^Patient"));
        element(out, 0x0010, 0x0020, "LO", text("TESTID"));
        element(out, 0x0018, 0x0015, "CS", text("CHEST"));
        element(out, 0x0020, 0x000D, "UI", uid(STUDY_UID));
        element(out, 0x0020, 0x000E, "UI", uid(SERIES_UID));
        int side = 16;
        if (pixelBytes != side * side) {
            side = (int) Math.sqrt(pixelBytes);
        }
        element(out, 0x0028, 0x0002, "US", le(1, 2));
        element(out, 0x0028, 0x0004, "CS", text("MONOCHROME2"));
        element(out, 0x0028, 0x0010, "US", le(side, 2));
        element(out, 0x0028, 0x0011, "US", le(side, 2));
        element(out, 0x0028, 0x0100, "US", le(8, 2));
        element(out, 0x0028, 0x0101, "US", le(8, 2));
        element(out, 0x0028, 0x0102, "US", le(7, 2));
        element(out, 0x0028, 0x0103, "US", le(0, 2));
        byte[] pixels = new byte[side * side + (side * side) % 2];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 31);
        }
        element(out, 0x7FE0, 0x0010, "OB", pixels);
        Files.write(file, out.toByteArray());
        return file;
    }

    private static void element(ByteArrayOutputStream out, int group, int element, String vr, byte[] value) {
        out.writeBytes(ElementBytes.element(group, element, vr, value));
    }
}
