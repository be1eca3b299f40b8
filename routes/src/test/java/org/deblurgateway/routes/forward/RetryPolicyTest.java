package org.deblurgateway.routes.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Backoff delays and the attempt budget. */
class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(8, Duration.ofSeconds(1), 2.0, Duration.ofSeconds(60));

    @Test
    void delayAfter_growsByMultiplier() {
        assertEquals(Duration.ofSeconds(1), policy.delayAfter(1));
        assertEquals(Duration.ofSeconds(2), policy.delayAfter(2));
        assertEquals(Duration.ofSeconds(4), policy.delayAfter(3));
        assertEquals(Duration.ofSeconds(32), policy.delayAfter(6));
    }

    @Test
    void delayAfter_cappedAtMaxDelay() {
        assertEquals(Duration.ofSeconds(60), policy.delayAfter(7));
        assertEquals(Duration.ofSeconds(60), policy.delayAfter(1000));
    }

    @Test
    void delayAfter_multiplierOne_constant() {
        RetryPolicy constant = new RetryPolicy(3, Duration.ofMillis(500), 1.0, Duration.ofSeconds(1));
        assertEquals(Duration.ofMillis(500), constant.delayAfter(3));
    }

    @Test
    void exhausted_atMaxAttempts() {
        assertFalse(policy.exhausted(7));
        assertTrue(policy.exhausted(8));
        assertTrue(policy.exhausted(9));
    }

    @Test
    void constructor_invalidSettings_namedInMessage() {
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> new RetryPolicy(0, Duration.ofSeconds(1), 2, Duration.ofSeconds(2)))
                .getMessage()
                .contains("gateway.forward.max-attempts"));
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> new RetryPolicy(1, Duration.ofSeconds(1), 0.5, Duration.ofSeconds(2)))
                .getMessage()
                .contains("gateway.forward.backoff-multiplier"));
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> new RetryPolicy(1, Duration.ofSeconds(10), 2, Duration.ofSeconds(2)))
                .getMessage()
                .contains("gateway.forward.max-delay"));
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> new RetryPolicy(1, Duration.ofSeconds(-1), 2, Duration.ofSeconds(2)))
                .getMessage()
                .contains("gateway.forward.initial-delay"));
    }
}
