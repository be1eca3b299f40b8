package org.deblurgateway.dicom;

import com.pixelmed.network.VerificationSOPClassSCU;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** C-ECHO to a peer, for the console's Destinations page: did it answer, and how long did the round trip take. */
public final class EchoScu {

    /** @param detail the failure in words, empty on success */
    public record EchoResult(boolean success, long millis, String detail) {
    }

    // PixelMed's SCU takes no time limit: each echo runs on this pool and is abandoned after the timeout.
    private static final ExecutorService POOL = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "c-echo");
        thread.setDaemon(true);
        return thread;
    });

    private EchoScu() {
    }

    public static EchoResult echo(String host, int port, String calledAeTitle, String callingAeTitle,
            Duration timeout) {
        long start = System.nanoTime();
        Future<?> echo = POOL.submit(() -> {
            new VerificationSOPClassSCU(host, port, calledAeTitle, callingAeTitle, false, 0);
            return null;
        });
        try {
            echo.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new EchoResult(true, millisSince(start), "");
        } catch (TimeoutException e) {
            echo.cancel(true);
            return new EchoResult(false, millisSince(start), "no answer within " + timeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            return new EchoResult(false, millisSince(start), e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new EchoResult(false, millisSince(start), "interrupted");
        }
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
