package org.deblurgateway.dicom.fuzz;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs the cases of one target: case {@code i} draws its seed, partner and mutations from a random source seeded
 * with (master seed, target, i) alone, so any case can be replayed without the ones before it. Each case runs on a
 * worker thread under a deadline; a case past it is a hang (the worker is abandoned and a fresh one takes over).
 * Everything a case throws is a crash, and so is a case during which the code under test logged an alarm
 * ({@link LogWatch}). Failing inputs are written to {@code failuresDir} for replay.
 */
final class FuzzRunner {

    /** A failing case: enough to replay it. */
    record Failure(
            int index,
            CaseResult.Verdict verdict,
            String seed,
            String kind,
            List<String> steps,
            String outcome,
            String detail,
            String savedAs) {}

    /** What one target's run found. */
    record TargetReport(
            String target,
            int cases,
            long millis,
            Map<CaseResult.Verdict, Long> verdicts,
            Map<String, Long> outcomes,
            List<Failure> failures,
            int healthChecks,
            long maxHeapUsedBytes,
            List<String> slowest) {

        long failureCount() {
            return verdicts.entrySet().stream()
                    .filter(e -> e.getKey().isFailure())
                    .mapToLong(Map.Entry::getValue)
                    .sum();
        }
    }

    private static final int KEPT_FAILURES = 50;

    private final long masterSeed;
    private final List<Seeds.Seed> seeds;
    private final Duration deadline;
    private final int checkEvery;
    private final Path failuresDir;
    private final LogWatch watch;

    /**
     * @param checkEvery  cases between health checks of the target
     * @param failuresDir where failing inputs are saved (null: not saved)
     */
    FuzzRunner(
            long masterSeed,
            List<Seeds.Seed> seeds,
            Duration deadline,
            int checkEvery,
            Path failuresDir,
            LogWatch watch) {
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("no seeds");
        }
        this.masterSeed = masterSeed;
        this.seeds = List.copyOf(seeds);
        this.deadline = deadline;
        this.checkEvery = checkEvery;
        this.failuresDir = failuresDir;
        this.watch = watch;
    }

    /** The random source of case {@code index} of {@code target}. */
    static SplittableRandom caseRandom(long masterSeed, String target, int index) {
        long mixed = masterSeed * 0x9E3779B97F4A7C15L + target.hashCode() * 0xC2B2AE3D27D4EB4FL + index;
        return new SplittableRandom(mixed);
    }

    TargetReport run(FuzzTarget target, int cases) throws IOException, InterruptedException {
        Map<CaseResult.Verdict, Long> verdicts = new EnumMap<>(CaseResult.Verdict.class);
        Map<String, Long> outcomes = new TreeMap<>();
        List<Failure> failures = new ArrayList<>();
        ExecutorService worker = newWorker(target.name());
        int checks = 0;
        long maxUsed = 0;
        TreeMap<Long, String> slowest = new TreeMap<>();
        long start = System.nanoTime();
        try {
            for (int i = 0; i < cases; i++) {
                SplittableRandom random = caseRandom(masterSeed, target.name(), i);
                Seeds.Seed seed = seeds.get(random.nextInt(seeds.size()));
                Seeds.Seed partner = seeds.get(random.nextInt(seeds.size()));
                FuzzInput input = target.input(seed, partner, random);
                long alarms = watch == null ? 0 : watch.alarmCount();
                long caseStart = System.nanoTime();
                Future<CaseResult> future = worker.submit(() -> target.run(input));
                CaseResult result;
                try {
                    result = future.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    result = new CaseResult(
                            CaseResult.Verdict.HANG, "deadline of " + deadline.toMillis() + " ms passed", "");
                    target.cancel();
                    future.cancel(true);
                    worker.shutdownNow();
                    worker = newWorker(target.name());
                } catch (ExecutionException e) {
                    result = crash(e.getCause());
                }
                if (watch != null
                        && watch.alarmCount() > alarms
                        && !result.verdict().isFailure()) {
                    // Caught inside (the listener's "unexpected failure", an OutOfMemoryError a toolkit turned into
                    // an exception), but a bug all the same.
                    result = CaseResult.crash("logged: " + result.outcome(), watch.lastAlarm());
                }
                long caseMillis = (System.nanoTime() - caseStart) / 1_000_000;
                slowest.put(
                        caseMillis * 1_000_000L + i,
                        caseMillis + " ms: case " + i + " (" + seed.name() + ", " + input.kind() + ", "
                                + result.outcome() + ")");
                if (slowest.size() > 5) {
                    slowest.pollFirstEntry();
                }
                count(verdicts, outcomes, result);
                if (result.verdict().isFailure()) {
                    record(failures, target, i, input, result);
                }
                maxUsed = Math.max(maxUsed, usedHeap());
                if ((i + 1) % checkEvery == 0 || i == cases - 1) {
                    checks++;
                    String problem = health(target);
                    if (problem != null) {
                        CaseResult down =
                                new CaseResult(CaseResult.Verdict.LISTENER_DOWN, "health check failed", problem);
                        count(verdicts, outcomes, down);
                        record(failures, target, i, input, down);
                    }
                }
            }
        } finally {
            worker.shutdownNow();
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        return new TargetReport(
                target.name(),
                cases,
                millis,
                verdicts,
                outcomes,
                List.copyOf(failures),
                checks,
                maxUsed,
                List.copyOf(slowest.descendingMap().values()));
    }

    private static String health(FuzzTarget target) {
        try {
            return target.healthCheck();
        } catch (Exception e) {
            return "health check threw " + e;
        }
    }

    private static CaseResult crash(Throwable t) {
        StringBuilder where = new StringBuilder(String.valueOf(t.getMessage()));
        StackTraceElement[] stack = t.getStackTrace();
        for (int k = 0; k < Math.min(6, stack.length); k++) {
            where.append(" | at ").append(stack[k]);
        }
        return CaseResult.crash(t.getClass().getName(), where.toString());
    }

    private static void count(Map<CaseResult.Verdict, Long> verdicts, Map<String, Long> outcomes, CaseResult r) {
        verdicts.merge(r.verdict(), 1L, Long::sum);
        String key = r.verdict().isFailure() ? r.verdict() + ": " + r.outcome() : r.outcome();
        outcomes.merge(key, 1L, Long::sum);
    }

    private void record(List<Failure> failures, FuzzTarget target, int index, FuzzInput input, CaseResult result)
            throws IOException {
        if (failures.size() >= KEPT_FAILURES) {
            return;
        }
        String saved = null;
        if (failuresDir != null) {
            Files.createDirectories(failuresDir);
            Path file = failuresDir.resolve(target.name() + "-" + index + ".bin");
            Files.write(file, input.bytes());
            saved = file.toString();
        }
        failures.add(new Failure(
                index,
                result.verdict(),
                input.seed().name(),
                input.kind(),
                input.steps(),
                result.outcome(),
                result.detail(),
                saved));
    }

    private static ExecutorService newWorker(String name) {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }

    /** Sum of the heap pools' peak usage since the JVM started (an upper bound of the heap ever in use). */
    static long peakHeapBytes() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
