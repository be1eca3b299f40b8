package org.deblurgateway.gateway.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.deblurgateway.testsupport.FreePorts;
import org.deblurgateway.testsupport.TestCertificates;
import org.deblurgateway.testsupport.Waits;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The syslog path against a real TLS receiver: {@code openssl s_server} with a test-made CA and server certificate
 * prints what arrives; the frames are parsed back per RFC 5425 (octet counting) and RFC 5424 (header), and each
 * message must still validate against the DICOM audit schema.
 */
class SyslogSenderTlsTest {

    private static final Pattern HEADER = Pattern.compile(
            "<85>1 (\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z) (\\S+) (\\S+) (\\d+) IHE\\+RFC-3881 - ");

    @TempDir
    static Path dir;

    private static TestCertificates ca;
    private static TestCertificates.Leaf server;

    private final AuditMessages messages =
            new AuditMessages(new AuditSource("gw", null, "deblur-gateway", "AETITLES=DEBLUR", "gw"));

    @BeforeAll
    static void certificates() {
        TestCertificates.assumeInstalled();
        ca = TestCertificates.authority(dir.resolve("ca"));
        server = ca.server("collector");
    }

    /** The frames in what the receiver printed: "LEN SP MSG", back to back. */
    static List<String> frames(byte[] data) {
        List<String> out = new ArrayList<>();
        int at = 0;
        while (at < data.length) {
            int space = at;
            while (space < data.length && data[space] != ' ') {
                space++;
            }
            if (space == data.length) {
                break; // an incomplete frame: still arriving
            }
            int length = Integer.parseInt(new String(data, at, space - at, StandardCharsets.US_ASCII));
            if (space + 1 + length > data.length) {
                break;
            }
            out.add(new String(Arrays.copyOfRange(data, space + 1, space + 1 + length), StandardCharsets.UTF_8));
            at = space + 1 + length;
        }
        return out;
    }

    /** What s_server printed so far. */
    private static byte[] received(Path log) {
        try {
            return Files.exists(log) ? Files.readAllBytes(log) : new byte[0];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private SyslogSender sender(int port, int capacity) throws Exception {
        return new SyslogSender(
                "127.0.0.1",
                port,
                SyslogTls.socketFactory(
                        Optional.of(ca.trustStore()),
                        Optional.of(TestCertificates.PASSWORD),
                        Optional.empty(),
                        Optional.empty()),
                true,
                capacity,
                Duration.ofSeconds(5),
                Duration.ofMillis(500),
                "gw-host",
                "deblur-gateway");
    }

    /**
     * s_server prints what it receives on stdout (kept apart from its stderr, where the readiness probe's connection
     * shows up as a failed handshake); its stdin stays open, or it would end the session at once.
     */
    private static Process collector(int port, Path received) throws IOException {
        Process p = new ProcessBuilder(
                        "/usr/bin/openssl",
                        "s_server",
                        "-accept",
                        "127.0.0.1:" + port,
                        "-cert",
                        server.certificate().toString(),
                        "-key",
                        server.key().toString(),
                        "-quiet")
                .redirectOutput(received.toFile())
                .redirectError(
                        received.resolveSibling(received.getFileName() + ".err").toFile())
                .start();
        Waits.until("s_server listening", Duration.ofSeconds(20), 50, () -> FreePorts.isListening(port), () -> "");
        return p;
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(5, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
    }

    @Test
    void framesArriveOverTlsWithRfc5424HeadersAndValidMessages() throws Exception {
        int port = FreePorts.next();
        Path log = dir.resolve("collector.log");
        List<AuditMessage> sent = List.of(
                messages.applicationActivity(Instant.now(), true, "gateway"),
                messages.securityAlert(Instant.now(), "ROGUE", "10.0.0.1", "association rejected: ünknown <AE>"),
                messages.userAuthentication(Instant.now(), true, "alice", "127.0.0.1", null));
        Process collector = collector(port, log);
        try (SyslogSender syslog = sender(port, 16)) {
            for (AuditMessage m : sent) {
                assertTrue(syslog.offer(m));
            }
            Waits.until(
                    "three frames at the collector",
                    Duration.ofSeconds(30),
                    100,
                    () -> frames(received(log)).size() == 3,
                    () -> new String(received(log), StandardCharsets.UTF_8));
            List<String> frames = frames(received(log));
            for (int i = 0; i < 3; i++) {
                Matcher h = HEADER.matcher(frames.get(i));
                assertTrue(h.lookingAt(), "RFC 5424 header: " + frames.get(i));
                assertEquals("gw-host", h.group(2));
                assertEquals("deblur-gateway", h.group(3));
                assertEquals(Long.toString(ProcessHandle.current().pid()), h.group(4));
                String msg = frames.get(i).substring(h.end());
                assertEquals('\uFEFF', msg.charAt(0), "MSG starts with a BOM (UTF-8)");
                assertEquals(sent.get(i).xml(), msg.substring(1), "the message as sent, in order");
                AuditSchema.validate(msg.substring(1));
            }
            assertEquals(3, syslog.sent());
            assertEquals(0, syslog.dropped());
        } finally {
            stop(collector);
        }
    }

    @Test
    void aDownCollectorNeverBlocksTheReporterAndDropsBeyondTheQueue() throws Exception {
        int port = FreePorts.next(); // nothing listens there
        try (SyslogSender syslog = sender(port, 4)) {
            long start = System.nanoTime();
            int accepted = 0;
            for (int i = 0; i < 50; i++) {
                if (syslog.offer(messages.applicationActivity(Instant.now(), true, "gateway"))) {
                    accepted++;
                }
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < 1000, "50 offers took " + millis + " ms");
            // The sender thread may hold one message it is retrying, so 4 or 5 are taken.
            assertTrue(accepted >= 4 && accepted <= 5, "accepted " + accepted);
            assertEquals(50 - accepted, syslog.dropped());
        }
    }

    @Test
    void messagesQueuedWhileTheCollectorIsDownAreSentOnceItIsUp() throws Exception {
        int port = FreePorts.next();
        Path log = dir.resolve("late-collector.log");
        try (SyslogSender syslog = sender(port, 16)) {
            assertTrue(syslog.offer(messages.applicationActivity(Instant.now(), true, "gateway")));
            assertTrue(syslog.offer(messages.applicationActivity(Instant.now(), false, "gateway")));
            Thread.sleep(700); // at least one failed connect
            assertFalse(syslog.sent() > 0);
            Process collector = collector(port, log);
            try {
                Waits.until(
                        "both frames after the collector came up",
                        Duration.ofSeconds(30),
                        100,
                        () -> frames(received(log)).size() == 2,
                        () -> new String(received(log), StandardCharsets.UTF_8));
            } finally {
                stop(collector);
            }
        }
    }
}
