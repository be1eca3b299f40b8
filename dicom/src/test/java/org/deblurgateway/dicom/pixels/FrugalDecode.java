package org.deblurgateway.dicom.pixels;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Decodes a file as the gateway does (its pixel budgets, no external tools) and fails the test when the decoding
 * thread allocated 64 MiB or more: what a length PixelMed trusts unchecked makes it allocate.
 */
final class FrugalDecode {

    private static final long MAX_ALLOCATED = 64L * 1024 * 1024;

    private FrugalDecode() {}

    static PixelDecoding decode(Path file, Path scratch) throws IOException {
        PixelDecoder decoder = new PixelDecoder(
                new PixelLimits(36_000_000L, 268_435_456L, Duration.ofSeconds(10)), scratch, List.of());
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        PixelDecoding decoding = decoder.decode(file);
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        assertTrue(allocated < MAX_ALLOCATED, "decoding a " + Files.size(file) + "-byte file allocated " + allocated);
        return decoding;
    }
}
