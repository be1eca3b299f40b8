package org.deblurgateway.gateway.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** The local audit file: appended to across restarts, one whole message per line even with concurrent reporters. */
class AuditTrailFileTest {

    @TempDir
    Path dir;

    private final AuditMessages messages =
            new AuditMessages(new AuditSource("gw", null, "deblur-gateway", "AETITLES=DEBLUR", "gw"));

    @Test
    void concurrentReportersNeverInterleaveAndARestartAppends() throws Exception {
        Path file = dir.resolve("audit").resolve("audit.log");
        try (AuditTrailFile trail = new AuditTrailFile(file)) {
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                String user = "user" + t;
                Thread thread = new Thread(() -> {
                    for (int i = 0; i < 50; i++) {
                        try {
                            trail.append(messages.userAuthentication(Instant.now(), true, user, "127.0.0.1", null));
                        } catch (Exception e) {
                            throw new AssertionError(e);
                        }
                    }
                });
                threads.add(thread);
                thread.start();
            }
            for (Thread thread : threads) {
                thread.join();
            }
        }
        try (AuditTrailFile again = new AuditTrailFile(file)) {
            again.append(messages.applicationActivity(Instant.now(), false, "gateway"));
        }
        List<String> lines = Files.readAllLines(file);
        assertEquals(201, lines.size());
        for (String line : lines) {
            assertTrue(line.startsWith("<AuditMessage>") && line.endsWith("</AuditMessage>"), line);
            AuditSchema.validate(line);
        }
        assertTrue(lines.get(200).contains("110121"), "the restart appended, did not truncate");
    }

    @Test
    void aLineBreakInAMessageStaysOnItsLine() throws Exception {
        Path file = dir.resolve("audit.log");
        try (AuditTrailFile trail = new AuditTrailFile(file)) {
            trail.append(messages.securityAlert(Instant.now(), "X", "10.0.0.1", "first\nsecond\r\nthird"));
        }
        List<String> lines = Files.readAllLines(file);
        assertEquals(1, lines.size());
        AuditSchema.validate(lines.get(0));
        Document d = AuditMessagesTest.parse(lines.get(0));
        assertEquals("first\nsecond\r\nthird", AuditMessagesTest.xpath(d, "//EventOutcomeDescription"));
    }
}
