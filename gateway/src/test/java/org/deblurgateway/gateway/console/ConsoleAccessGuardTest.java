package org.deblurgateway.gateway.console;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The start-up refusal: management port off loopback and nobody who could log in. */
class ConsoleAccessGuardTest {

    @Test
    void offLoopback_noUsers_refusedWithTheFix() {
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> ConsoleAccessGuard.check("0.0.0.0", false));
        assertTrue(e.getMessage().contains("quarkus.security.users.embedded.users."), e.getMessage());
    }

    @Test
    void loopbackOrUsers_starts() {
        assertDoesNotThrow(() -> ConsoleAccessGuard.check("127.0.0.1", false));
        assertDoesNotThrow(() -> ConsoleAccessGuard.check("localhost", false));
        assertDoesNotThrow(() -> ConsoleAccessGuard.check("0.0.0.0", true));
    }
}
