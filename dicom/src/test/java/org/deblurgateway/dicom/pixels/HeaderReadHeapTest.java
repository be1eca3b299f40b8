package org.deblurgateway.dicom.pixels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.TagFromName;
import com.sun.management.ThreadMXBean;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.deblurgateway.testsupport.SopClasses;
import org.deblurgateway.testsupport.TransferSyntaxUids;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deblur route's header read keeps private and bulk values before the pixels off the heap: a 256 MiB private OB
 * and a private sequence ahead of the image pixel module cost a few MiB, not the value's size.
 */
class HeaderReadHeapTest {

    private static final long MIB = 1024 * 1024;
    private static final long PRIVATE_BYTES = 256 * MIB;

    @TempDir
    Path work;

    @Test
    void readHeader_hugePrivateValueBeforePixels_allocatesFarLessThanTheValue() throws Exception {
        Path file = writeObject(work.resolve("private-bulk.dcm"));
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();

        DicomObjectReader.Header header = DicomObjectReader.readHeader(file);

        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(
                allocated < 16 * MIB,
                "header read allocated " + allocated / MIB + " MiB for a " + PRIVATE_BYTES / MIB
                        + " MiB private value");
        assertEquals(TransferSyntaxUids.EXPLICIT_LE, header.transferSyntaxUid());
        assertEquals(DicomObjectReader.PixelElement.PIXEL_DATA, header.pixelElement());
        assertEquals(4, Attribute.getSingleIntegerValueOrDefault(header.attributes(), TagFromName.Rows, -1));
        assertEquals(4, Attribute.getSingleIntegerValueOrDefault(header.attributes(), TagFromName.Columns, -1));
        assertEquals(
                "MONOCHROME2",
                Attribute.getSingleStringValueOrEmptyString(
                        header.attributes(), TagFromName.PhotometricInterpretation));
        assertEquals(
                SopClasses.SECONDARY_CAPTURE,
                Attribute.getSingleStringValueOrEmptyString(header.attributes(), TagFromName.MediaStorageSOPClassUID));
        assertEquals(null, header.attributes().get(TagFromName.SOPInstanceUID), "only what decoding reads is kept");
        assertEquals(4 * 4, ImagePixelModule.read(header.attributes()).frameSamples());
    }

    /**
     * Explicit VR little endian: the image attributes, with a private creator, a private OB of {@link #PRIVATE_BYTES}
     * (a sparse stretch of the file) and a private undefined-length sequence between them, then 4x4 16-bit pixels.
     */
    private static Path writeObject(Path file) throws IOException {
        String sc = SopClasses.SECONDARY_CAPTURE;
        ByteArrayOutputStream meta = new ByteArrayOutputStream();
        element(meta, 0x0002, 0x0001, "OB", new byte[] {0, 1});
        element(meta, 0x0002, 0x0002, "UI", uid(sc));
        element(meta, 0x0002, 0x0003, "UI", uid("2.25.4242"));
        element(meta, 0x0002, 0x0010, "UI", uid(TransferSyntaxUids.EXPLICIT_LE));
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        head.writeBytes(new byte[128]);
        head.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
        element(head, 0x0002, 0x0000, "UL", le(meta.size(), 4));
        head.writeBytes(meta.toByteArray());
        element(head, 0x0008, 0x0016, "UI", uid(sc));
        element(head, 0x0008, 0x0018, "UI", uid("2.25.4242"));
        element(head, 0x0009, 0x0010, "LO", text("DEBLUR TEST"));
        // (0009,1000) OB, its header only: the value is the sparse stretch written below.
        head.writeBytes(new byte[] {0x09, 0x00, 0x00, 0x10, 'O', 'B', 0, 0});
        head.writeBytes(le(PRIVATE_BYTES, 4));

        ByteArrayOutputStream tail = new ByteArrayOutputStream();
        // (0009,1001) SQ of undefined length: one undefined-length item holding a private LO, then the delimiters.
        tail.writeBytes(new byte[] {0x09, 0x00, 0x01, 0x10, 'S', 'Q', 0, 0, -1, -1, -1, -1});
        tail.writeBytes(new byte[] {-2, -1, 0x00, -32, -1, -1, -1, -1});
        element(tail, 0x0009, 0x1002, "LO", text("inside"));
        tail.writeBytes(new byte[] {-2, -1, 0x0D, -32, 0, 0, 0, 0});
        tail.writeBytes(new byte[] {-2, -1, -35, -32, 0, 0, 0, 0});
        element(tail, 0x0028, 0x0002, "US", le(1, 2));
        element(tail, 0x0028, 0x0004, "CS", text("MONOCHROME2"));
        element(tail, 0x0028, 0x0010, "US", le(4, 2));
        element(tail, 0x0028, 0x0011, "US", le(4, 2));
        element(tail, 0x0028, 0x0100, "US", le(16, 2));
        element(tail, 0x0028, 0x0101, "US", le(12, 2));
        element(tail, 0x0028, 0x0102, "US", le(11, 2));
        element(tail, 0x0028, 0x0103, "US", le(0, 2));
        element(tail, 0x7FE0, 0x0010, "OW", new byte[4 * 4 * 2]);

        try (FileChannel out = FileChannel.open(
                file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.SPARSE)) {
            out.write(ByteBuffer.wrap(head.toByteArray()));
            out.position(out.position() + PRIVATE_BYTES);
            out.write(ByteBuffer.wrap(tail.toByteArray()));
        }
        return file;
    }

    private static void element(ByteArrayOutputStream out, int group, int element, String vr, byte[] value) {
        out.writeBytes(le(group, 2));
        out.writeBytes(le(element, 2));
        out.writeBytes(vr.getBytes(StandardCharsets.US_ASCII));
        if (vr.equals("OB") || vr.equals("OW") || vr.equals("SQ") || vr.equals("UN")) {
            out.writeBytes(new byte[2]);
            out.writeBytes(le(value.length, 4));
        } else {
            out.writeBytes(le(value.length, 2));
        }
        out.writeBytes(value);
    }

    private static byte[] le(long value, int bytes) {
        byte[] b = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            b[i] = (byte) (value >>> (8 * i));
        }
        return b;
    }

    private static byte[] uid(String uid) {
        byte[] b = uid.getBytes(StandardCharsets.US_ASCII);
        return b.length % 2 == 0 ? b : Arrays.copyOf(b, b.length + 1);
    }

    private static byte[] text(String text) {
        return (text.length() % 2 == 0 ? text : text + " ").getBytes(StandardCharsets.US_ASCII);
    }
}
