package org.deblurgateway.model.image;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * Splits per-row image work into blocks and runs them on one small shared pool (one thread per core).
 *
 * <p>Blocks write disjoint rows, so results do not depend on scheduling; reductions collect one partial per
 * block and add them in block order, which keeps sums bit-for-bit reproducible.
 */
public final class RowParallel {

    /** Rows below this are not worth a task. */
    private static final int MIN_ROWS_PER_BLOCK = 8;

    private static final int MAX_BLOCKS = 32;

    private static final ForkJoinPool POOL = new ForkJoinPool(
            Math.max(1, Runtime.getRuntime().availableProcessors()),
            pool -> {
                ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
                t.setName("image-worker-" + t.getPoolIndex());
                t.setDaemon(true);
                return t;
            },
            null,
            false);

    /** Work on rows {@code [from, to)}. */
    @FunctionalInterface
    public interface RowBlock {
        void run(int from, int to);
    }

    /** Work on rows {@code [from, to)} that returns a partial sum. */
    @FunctionalInterface
    public interface RowSum {
        double sum(int from, int to);
    }

    private RowParallel() {}

    /** Runs {@code block} over rows {@code [0, rows)} in parallel blocks and waits for all of them. */
    public static void forRows(int rows, RowBlock block) {
        int[] bounds = bounds(rows);
        if (bounds.length == 2) {
            block.run(0, rows);
            return;
        }
        List<ForkJoinTask<?>> tasks = new ArrayList<>(bounds.length - 1);
        for (int b = 0; b + 1 < bounds.length; b++) {
            int from = bounds[b];
            int to = bounds[b + 1];
            tasks.add(ForkJoinTask.adapt(() -> block.run(from, to)));
        }
        invokeAll(tasks);
    }

    /** Sums {@code partial} over rows {@code [0, rows)}; partials are added in row order (deterministic). */
    public static double sumRows(int rows, RowSum partial) {
        int[] bounds = bounds(rows);
        double[] parts = new double[bounds.length - 1];
        forRowsIndexed(bounds, (b, from, to) -> parts[b] = partial.sum(from, to));
        double total = 0;
        for (double p : parts) {
            total += p;
        }
        return total;
    }

    private interface IndexedBlock {
        void run(int index, int from, int to);
    }

    private static void forRowsIndexed(int[] bounds, IndexedBlock block) {
        List<ForkJoinTask<?>> tasks = new ArrayList<>(bounds.length - 1);
        for (int b = 0; b + 1 < bounds.length; b++) {
            int index = b;
            int from = bounds[b];
            int to = bounds[b + 1];
            tasks.add(ForkJoinTask.adapt(() -> block.run(index, from, to)));
        }
        if (tasks.size() == 1) {
            block.run(0, bounds[0], bounds[1]);
        } else {
            invokeAll(tasks);
        }
    }

    private static void invokeAll(List<ForkJoinTask<?>> tasks) {
        if (ForkJoinTask.inForkJoinPool() && ForkJoinTask.getPool() == POOL) {
            ForkJoinTask.invokeAll(tasks);
        } else {
            POOL.invoke(ForkJoinTask.adapt(() -> ForkJoinTask.invokeAll(tasks)));
        }
    }

    /**
     * Block boundaries: up to {@value #MAX_BLOCKS} blocks, a number that does not depend on the core count, so
     * reductions give the same bits on every machine.
     */
    private static int[] bounds(int rows) {
        if (rows <= 0) {
            return new int[] {0, 0};
        }
        int target = MAX_BLOCKS;
        int blocks = Math.max(1, Math.min(target, rows / MIN_ROWS_PER_BLOCK));
        int[] bounds = new int[blocks + 1];
        for (int b = 0; b <= blocks; b++) {
            bounds[b] = (int) ((long) rows * b / blocks);
        }
        return bounds;
    }
}
