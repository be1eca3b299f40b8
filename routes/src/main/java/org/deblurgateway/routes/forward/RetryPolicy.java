package org.deblurgateway.routes.forward;

import java.time.Duration;

/**
 * When to try a failed C-STORE again: {@code initialDelay * multiplier^(n-1)} after the n-th failed attempt, capped
 * at {@code maxDelay}, until {@code maxAttempts} attempts were made.
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, double multiplier, Duration maxDelay) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("gateway.forward.max-attempts must be at least 1, is " + maxAttempts);
        }
        if (initialDelay.isNegative()) {
            throw new IllegalArgumentException(
                    "gateway.forward.initial-delay must not be negative, is " + initialDelay);
        }
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException(
                    "gateway.forward.backoff-multiplier must be a number >= 1, is " + multiplier);
        }
        if (maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("gateway.forward.max-delay (" + maxDelay
                    + ") must not be shorter than gateway.forward.initial-delay (" + initialDelay + ")");
        }
    }

    /** True when {@code attemptsMade} attempts use up the budget. */
    public boolean exhausted(int attemptsMade) {
        return attemptsMade >= maxAttempts;
    }

    /** The wait after the {@code failedAttempts}-th failed attempt (1-based). */
    public Duration delayAfter(int failedAttempts) {
        double millis = initialDelay.toMillis() * Math.pow(multiplier, Math.max(0, failedAttempts - 1));
        if (millis >= maxDelay.toMillis()) {
            return maxDelay;
        }
        return Duration.ofMillis(Math.round(millis));
    }
}
