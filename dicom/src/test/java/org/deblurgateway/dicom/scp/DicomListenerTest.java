package org.deblurgateway.dicom.scp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The listener against real dcmtk peers (echoscu, storescu), with an in-memory ingest queue. */
class DicomListenerTest {

    @TempDir
    Path work;

    private DicomListener listener;
    private final List<ReceivedObject> announced = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean brokerDown;

    @BeforeAll
    static void needsDcmtk() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/storescu")) && Files.isExecutable(Path.of("/usr/bin/echoscu")),
                "dcmtk (echoscu, storescu) is not installed; run tools/bootstrap");
    }

    @AfterEach
    void stop() {
        if (listener != null) {
            listener.stop();
        }
    }

    private Path dataDir() {
        return work.resolve("data");
    }

    private void start(Optional<Set<String>> allowedCallers, int maxAssociations) throws IOException {
        ListenerSettings settings = new ListenerSettings(Set.of("DEBLUR", "DEBLUR2"), allowedCallers, "127.0.0.1", 0,
                65536, maxAssociations, Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(5));
        IngestPublisher publisher = () -> new IngestChannel() {
            @Override
            public void publish(ReceivedObject object) throws IngestException {
                if (brokerDown) {
                    throw new IngestException("broker down (test)", null);
                }
                announced.add(object);
            }

            @Override
            public void close() {
            }
        };
        listener = new DicomListener(settings, new Spool(dataDir()), publisher);
        listener.start();
    }

    @Test
    void echo_anyCaller_succeeds() throws Exception {
        start(Optional.empty(), 4);
        Result r = run("echoscu", "-aet", "MODALITY", "-aec", "DEBLUR", "127.0.0.1", port());
        assertEquals(0, r.exit, r.output);
    }

    @Test
    void echo_extraCalledAeTitle_succeeds() throws Exception {
        start(Optional.empty(), 4);
        assertEquals(0, run("echoscu", "-aet", "MODALITY", "-aec", "DEBLUR2", "127.0.0.1", port()).exit);
    }

    @Test
    void associate_wrongCalledAe_rejectedCalledAeNotRecognized() throws Exception {
        start(Optional.empty(), 4);
        Result r = run("echoscu", "-aet", "MODALITY", "-aec", "OTHER", "127.0.0.1", port());
        assertNotEquals(0, r.exit);
        assertTrue(r.output.contains("Called AE Title Not Recognized"), r.output);
    }

    @Test
    void associate_unknownCallingAe_rejectedCallingAeNotRecognized() throws Exception {
        start(Optional.of(Set.of("MODALITY")), 4);
        Result r = run("echoscu", "-aet", "INTRUDER", "-aec", "DEBLUR", "127.0.0.1", port());
        assertNotEquals(0, r.exit);
        assertTrue(r.output.contains("Calling AE Title Not Recognized"), r.output);
        assertEquals(0, run("echoscu", "-aet", "MODALITY", "-aec", "DEBLUR", "127.0.0.1", port()).exit);
    }

    @Test
    void associate_overLimit_rejectedTransientLocalLimitExceeded() throws Exception {
        start(Optional.empty(), 1);
        // A connection that never sends its A-ASSOCIATE-RQ holds the only slot for the request timeout.
        try (Socket hog = new Socket("127.0.0.1", listener.port())) {
            Thread.sleep(300);
            Result r = run("echoscu", "-aet", "MODALITY", "-aec", "DEBLUR", "127.0.0.1", port());
            assertNotEquals(0, r.exit);
            assertTrue(r.output.contains("Local Limit Exceeded"), r.output);
        }
    }

    @Test
    void store_generatedObjects_spooledAndAnnounced() throws Exception {
        start(Optional.empty(), 4);
        List<String> args = new ArrayList<>(List.of("storescu", "-aet", "MODALITY", "-aec", "DEBLUR", "127.0.0.1", port()));
        for (int i = 1; i <= 3; i++) {
            args.add(TestObjects.write(work.resolve(i + ".dcm"), TestObjects.SECONDARY_CAPTURE, "2.25.77" + i, 256).toString());
        }
        Result r = run(args.toArray(String[]::new));
        assertEquals(0, r.exit, r.output);
        assertEquals(3, announced.size());
        for (int i = 1; i <= 3; i++) {
            Path spooled = dataDir().resolve("spool/incoming/2.25.77" + i + ".dcm");
            assertTrue(Files.size(spooled) > 256, "spooled " + spooled);
            byte[] head = Files.readAllBytes(spooled);
            assertEquals("DICM", new String(head, 128, 4, StandardCharsets.US_ASCII));
        }
        ReceivedObject first = announced.get(0);
        assertEquals("spool/incoming/2.25.771.dcm", first.spoolPath());
        assertEquals("MODALITY", first.callingAeTitle());
        assertEquals("DEBLUR", first.calledAeTitle());
        assertEquals("2.25.1001", first.summary().studyInstanceUid());
        assertEquals("2.25.1002", first.summary().seriesInstanceUid());
        assertEquals("OT", first.summary().modality());
        assertEquals("CHEST", first.summary().bodyPartExamined());
        assertEquals("Test study", first.summary().studyDescription());
        assertEquals(TestObjects.EXPLICIT_LE, first.summary().transferSyntaxUid());
        assertEquals(0, countFiles(dataDir().resolve("spool/tmp")));
    }

    @Test
    void store_uidWithPathTraversal_failsAndWritesNothingOutsideSpool() throws Exception {
        start(Optional.empty(), 4);
        Path file = TestObjects.write(work.resolve("evil.dcm"), TestObjects.SECONDARY_CAPTURE, "../../evil", 256);
        Result r = run("storescu", "-v", "-aet", "MODALITY", "-aec", "DEBLUR", "127.0.0.1", port(), file.toString());
        assertTrue(r.output.toLowerCase().contains("cannotunderstand"), r.output);
        assertTrue(announced.isEmpty());
        try (Stream<Path> all = Files.walk(work)) {
            assertTrue(all.noneMatch(p -> p.getFileName().toString().startsWith("evil") && !p.equals(file)));
        }
        assertEquals(0, countFiles(dataDir().resolve("spool/incoming")));
        assertEquals(0, countFiles(dataDir().resolve("spool/tmp")));
    }

    @Test
    void store_brokerDown_outOfResourcesAndNoFileLeft() throws Exception {
        start(Optional.empty(), 4);
        brokerDown = true;
        Path file = TestObjects.write(work.resolve("a.dcm"), TestObjects.SECONDARY_CAPTURE, "2.25.991", 256);
        Result r = run("storescu", "-v", "-aet", "MODALITY", "-aec", "DEBLUR", "127.0.0.1", port(), file.toString());
        assertTrue(r.output.toLowerCase().contains("outofresources"), r.output);
        assertEquals(0, countFiles(dataDir().resolve("spool/incoming")));
        assertEquals(0, countFiles(dataDir().resolve("spool/tmp")));
    }

    @Test
    void store_sameInstanceTwiceThenBrokerDown_earlierCopyKept() throws Exception {
        start(Optional.empty(), 4);
        Path file = TestObjects.write(work.resolve("a.dcm"), TestObjects.SECONDARY_CAPTURE, "2.25.992", 256);
        assertEquals(0, run("storescu", "-aet", "MODALITY", "-aec", "DEBLUR", "127.0.0.1", port(), file.toString()).exit);
        assertEquals(0, run("storescu", "-aet", "MODALITY", "-aec", "DEBLUR", "127.0.0.1", port(), file.toString()).exit);
        assertEquals(1, countFiles(dataDir().resolve("spool/incoming")));
        byte[] before = Files.readAllBytes(dataDir().resolve("spool/incoming/2.25.992.dcm"));
        brokerDown = true;
        TestObjects.write(file, TestObjects.SECONDARY_CAPTURE, "2.25.992", 64);
        run("storescu", "-aet", "MODALITY", "-aec", "DEBLUR", "127.0.0.1", port(), file.toString());
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(dataDir().resolve("spool/incoming/2.25.992.dcm"))));
        assertEquals(0, countFiles(dataDir().resolve("spool/tmp")));
        assertEquals(2, announced.size());
    }

    @Test
    void stop_whileIdleAssociationOpen_returnsWithinTimeout() throws Exception {
        start(Optional.empty(), 4);
        try (Socket idle = new Socket("127.0.0.1", listener.port())) {
            long t0 = System.nanoTime();
            listener.stop();
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(8));
            assertFalse(listener.isBound());
        }
    }

    @Test
    void associate_garbageInsteadOfRequest_closedAndListenerKeepsServing() throws Exception {
        start(Optional.empty(), 4);
        try (Socket s = new Socket("127.0.0.1", listener.port())) {
            OutputStream out = s.getOutputStream();
            out.write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            s.setSoTimeout(5000);
            // The listener answers A-ABORT (type 7) or just closes.
            int first = s.getInputStream().read();
            assertTrue(first == 7 || first == -1, "got " + first);
        }
        assertEquals(0, run("echoscu", "-aet", "MODALITY", "-aec", "DEBLUR", "127.0.0.1", port()).exit);
    }

    private String port() {
        return Integer.toString(listener.port());
    }

    private static long countFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    record Result(int exit, String output) {
    }

    static Result run(String... command) throws IOException, InterruptedException {
        return run(60, command);
    }

    /** Runs a peer process; output goes through a file so a chatty process can never block on a full pipe. */
    static Result run(int timeoutSeconds, String... command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("dcmtk", ".log");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                return new Result(-1, "timed out: " + String.join(" ", command));
            }
            byte[] out = Files.readAllBytes(log);
            // Keep the end: a peer that floods warnings still prints its outcome last.
            int from = Math.max(0, out.length - (1 << 20));
            String text = new String(out, from, out.length - from, StandardCharsets.UTF_8);
            return new Result(p.exitValue(), text);
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
