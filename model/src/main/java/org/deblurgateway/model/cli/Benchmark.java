package org.deblurgateway.model.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import org.deblurgateway.model.image.Frame;
import org.deblurgateway.model.inference.Deblurrer;
import org.deblurgateway.model.inference.DjlRuntime;
import org.deblurgateway.model.inference.InferenceOptions;

/**
 * {@code deblur bench}: times {@link Deblurrer#deblur} on a random 8-bit RGB frame of size x size after one warm-up
 * call, and reports the median, ms per megapixel and this JVM's peak resident memory (VmHWM) as one JSON line.
 * Run one configuration per fresh JVM so that VmHWM belongs to it alone.
 */
final class Benchmark {

    /** One measured configuration. */
    record Result(
            String model,
            String precision,
            int size,
            int tile,
            int overlap,
            int threads,
            int runs,
            double warmupMs,
            double medianMs,
            double msPerMegapixel,
            long vmHwmKb) {

        String toJson() {
            return String.format(
                    Locale.ROOT,
                    "{\"model\": \"%s\", \"precision\": \"%s\", \"size\": %d, \"tile\": %d, "
                            + "\"overlap\": %d, \"threads\": %d, \"runs\": %d, \"warmup_ms\": %.1f, \"median_ms\": %.1f, "
                            + "\"ms_per_megapixel\": %.1f, \"vmhwm_kb\": %d}",
                    model,
                    precision,
                    size,
                    tile,
                    overlap,
                    threads,
                    runs,
                    warmupMs,
                    medianMs,
                    msPerMegapixel,
                    vmHwmKb);
        }
    }

    private Benchmark() {}

    /**
     * @param repeats  timed calls after the warm-up
     * @param budgetMs stop timing early (fewer runs, at least one) once this much time was spent
     */
    static Result run(Path modelDir, InferenceOptions options, int size, int repeats, long budgetMs)
            throws IOException {
        Random r = new Random(42);
        int[] s = new int[size * size * 3];
        for (int i = 0; i < s.length; i++) {
            s[i] = r.nextInt(256);
        }
        Frame frame = new Frame(size, size, 3, 8, false, s);
        try (Deblurrer d = Deblurrer.load(modelDir, options)) {
            long t0 = System.nanoTime();
            d.deblur(frame);
            double warmup = (System.nanoTime() - t0) / 1e6;
            double[] times = new double[repeats];
            int runs = 0;
            long start = System.nanoTime();
            while (runs < repeats && (runs == 0 || (System.nanoTime() - start) / 1e6 < budgetMs)) {
                long t = System.nanoTime();
                d.deblur(frame);
                times[runs++] = (System.nanoTime() - t) / 1e6;
            }
            double[] done = Arrays.copyOf(times, runs);
            Arrays.sort(done);
            double median = runs % 2 == 1 ? done[runs / 2] : (done[runs / 2 - 1] + done[runs / 2]) / 2;
            return new Result(
                    d.card().id(),
                    options.precision().name().toLowerCase(Locale.ROOT),
                    size,
                    options.tileSize(),
                    options.overlap(),
                    DjlRuntime.intraOpThreads(),
                    runs,
                    warmup,
                    median,
                    median / (size * (double) size / 1e6),
                    vmHwmKb());
        }
    }

    /** Peak resident set of this process in kB, or -1 where /proc is not available. */
    static long vmHwmKb() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("VmHWM:")) {
                    return Long.parseLong(l.substring(6).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
