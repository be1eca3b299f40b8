package org.deblurgateway.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.deblurgateway.testsupport.DeflateBombs;
import org.deblurgateway.testsupport.RawObjects;
import org.deblurgateway.testsupport.SopClasses;
import org.deblurgateway.testsupport.TransferSyntaxUids;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The read-back keeps only the summary's attributes on the heap and stops a deflate bomb at its limit. */
class DataSetReaderHeapTest {

    private static final String SC = SopClasses.SECONDARY_CAPTURE;
    private static final long MIB = 1024 * 1024;

    @TempDir
    Path work;

    @Test
    void read_hugePrivateValue_allocatesFarLessThanTheValue() throws Exception {
        Path file = Files.write(work.resolve("bomb.dcm"), DeflateBombs.privateZeros(SC, "2.25.1", 256 * MIB));
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        DataSetSummary summary = DataSetReader.read(file, 0, TransferSyntaxUids.DEFLATED_LE);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertEquals("2.25.1", summary.sopInstanceUid());
        assertEquals(RawObjects.SERIES_UID, summary.seriesInstanceUid());
        assertEquals("OT", summary.modality());
        assertTrue(allocated < 16 * MIB, "read-back allocated " + allocated / MIB + " MiB for a 256 MiB private value");
    }

    @Test
    void read_inflatesBeyondLimit_objectTooLarge() throws Exception {
        Path file = Files.write(work.resolve("bomb.dcm"), DeflateBombs.privateZeros(SC, "2.25.2", 40 * MIB));
        ObjectTooLargeException refused = assertThrows(
                ObjectTooLargeException.class,
                () -> DataSetReader.read(file, 0, TransferSyntaxUids.DEFLATED_LE, new DataSetLimit(32 * MIB)));
        assertEquals(32 * MIB, refused.limit());
        assertEquals(
                "2.25.2",
                DataSetReader.read(file, 0, TransferSyntaxUids.DEFLATED_LE, new DataSetLimit(41 * MIB))
                        .sopInstanceUid());
    }

    @Test
    void read_summaryValueLongerThanAnyVrAllows_malformed() throws Exception {
        // Implicit VR: 32-bit lengths, so a Patient ID (0010,0020) of 1 MiB can be encoded.
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        implicit(b, 0x0008, 0x0016, (SC + "\0").getBytes());
        implicit(b, 0x0008, 0x0018, "2.25.3".getBytes());
        implicit(b, 0x0010, 0x0020, new byte[(int) MIB]);
        Path file = Files.write(work.resolve("long.dcm"), b.toByteArray());
        MalformedDataSetException refused = assertThrows(
                MalformedDataSetException.class, () -> DataSetReader.read(file, 0, TransferSyntaxUids.IMPLICIT_LE));
        assertTrue(refused.getMessage().contains("(0010,0020)"), refused.getMessage());
    }

    private static void implicit(ByteArrayOutputStream out, int group, int element, byte[] value) {
        byte[] v = value.length % 2 == 0 ? value : Arrays.copyOf(value, value.length + 1);
        out.writeBytes(new byte[] {
            (byte) group,
            (byte) (group >> 8),
            (byte) element,
            (byte) (element >> 8),
            (byte) v.length,
            (byte) (v.length >> 8),
            (byte) (v.length >> 16),
            (byte) (v.length >> 24)
        });
        out.writeBytes(v);
    }
}
