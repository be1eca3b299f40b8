package org.deblurgateway.model.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.deblurgateway.model.image.Frame;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A 3000x3000 16-bit frame through the tiny fixture network in 512-pixel tiles, in a JVM of its own started with
 * {@code -Xmx640m} (model/pom.xml, execution {@code large-frame}): it must finish and stay under a native memory
 * bound. The fixture keeps it fast; the tiling and buffers are the same as for a real model, whose activations
 * per 512x512 batch add to the native peak (see bench/results/model-cpu.md).
 */
class LargeFrameTest {

    private static final Logger LOG = LoggerFactory.getLogger(LargeFrameTest.class);
    /** Peak resident set of this whole JVM (heap, libtorch, tiles): measured 733 MB (2026-11-21); bound with headroom. */
    private static final long MAX_PEAK_RSS_KB = 1_200_000;
    /** Growth of the peak resident set caused by the deblur call itself: measured 463 MB. */
    private static final long MAX_PEAK_GROWTH_KB = 800_000;

    @Test
    void deblur_3000x3000Frame_staysWithinMemoryBounds() throws IOException {
        assumeTrue(TorchScriptFixtures.weightsDir().isPresent(), TorchScriptFixtures.whyMissing());
        long maxHeap = Runtime.getRuntime().maxMemory();
        // -Dtest=LargeFrameTest also selects it in the default execution (large heap): only the bounded one counts
        assumeTrue(
                maxHeap <= 700L << 20,
                "heap is " + (maxHeap >> 20) + " MB: this test runs in surefire "
                        + "execution large-frame with -Xmx640m");
        int w = 3000;
        int h = 3000;
        int[] s = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                s[y * w + x] = ((x / 7 + y / 11) % 2) * 40000 + (x * 7 + y * 3) % 20000;
            }
        }
        Frame in = new Frame(w, h, 1, 16, false, s);
        InferenceOptions opts = InferenceOptions.defaults().withTiling(512, 32).withBatchSize(4);
        try (Deblurrer d = Deblurrer.load(TorchScriptFixtures.weightsDir().get().resolve("tiny"), opts)) {
            d.deblur(new Frame(64, 64, 1, 16, false, new int[64 * 64])); // engine and first-call set-up
            long before = status("VmHWM:");
            long t0 = System.nanoTime();
            Frame out = d.deblur(in);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            long peak = status("VmHWM:");
            LOG.info("3000x3000 in {} ms; VmHWM {} -> {} kB; heap max {} MB", ms, before, peak, maxHeap >> 20);
            assertEquals(w, out.width());
            assertEquals(h, out.height());
            assertEquals(16, out.bitsStored());
            assertTrue(peak < MAX_PEAK_RSS_KB, "peak RSS " + peak + " kB");
            assertTrue(peak - before < MAX_PEAK_GROWTH_KB, "peak RSS grew by " + (peak - before) + " kB");
        }
    }

    private static long status(String field) throws IOException {
        Path p = Path.of("/proc/self/status");
        assumeTrue(Files.isReadable(p), "/proc/self/status not readable (not Linux): memory cannot be measured");
        List<String> lines = Files.readAllLines(p);
        for (String l : lines) {
            if (l.startsWith(field)) {
                return Long.parseLong(l.substring(field.length()).trim().split("\\s+")[0]);
            }
        }
        throw new IllegalStateException(field + " missing in /proc/self/status");
    }
}
