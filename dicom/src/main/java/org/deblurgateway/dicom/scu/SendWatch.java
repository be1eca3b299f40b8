package org.deblurgateway.dicom.scu;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Watches one data set send: a socket write has no timeout of its own, so a peer that stops reading (its receive
 * buffer full) would block the sender forever. A send without progress for the limit has its connection closed,
 * which ends the blocked write; A-ABORT would block the same way.
 */
final class SendWatch implements AutoCloseable {

    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "store-scu-send-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    private final Runnable closeConnection;
    private final long limitNanos;
    private final ScheduledFuture<?> check;
    private volatile long lastProgress = System.nanoTime();
    private volatile boolean fired;

    /** @param closeConnection closes the connection the send writes to; called at most once, on the watchdog thread */
    SendWatch(Runnable closeConnection, Duration limit) {
        this.closeConnection = closeConnection;
        this.limitNanos = limit.toNanos();
        long period = Math.max(10, Math.min(1000, limit.toMillis() / 4));
        this.check = WATCHDOG.scheduleWithFixedDelay(this::check, period, period, TimeUnit.MILLISECONDS);
    }

    private void check() {
        if (!fired && System.nanoTime() - lastProgress > limitNanos) {
            fired = true;
            closeConnection.run();
            check.cancel(false);
        }
    }

    /** True once the watch closed the connection. */
    boolean fired() {
        return fired;
    }

    /** {@code out}, with every completed write, flush and close counted as progress. */
    OutputStream watched(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(int b) throws IOException {
                out.write(b);
                lastProgress = System.nanoTime();
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                lastProgress = System.nanoTime();
            }

            @Override
            public void flush() throws IOException {
                out.flush();
                lastProgress = System.nanoTime();
            }

            @Override
            public void close() throws IOException {
                out.close();
                lastProgress = System.nanoTime();
            }
        };
    }

    @Override
    public void close() {
        check.cancel(false);
    }
}
