package org.deblurgateway.testsupport;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Bounded polling: every wait in the tests ends, with a message that says what did not happen. */
public final class Waits {

    private Waits() {}

    /**
     * Polls {@code condition} every {@code pollMillis} until it holds; fails after {@code timeout} with {@code what}
     * and the {@code diagnostics} (read only on failure).
     */
    public static void until(
            String what, Duration timeout, long pollMillis, BooleanSupplier condition, Supplier<String> diagnostics) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(
                        "timed out after " + timeout + " waiting for " + what + "\n" + diagnostics.get());
            }
            sleep(pollMillis);
        }
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
