package org.deblurgateway.dicom.scp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.deblurgateway.testsupport.Dcmtk;
import org.deblurgateway.testsupport.RawObjects;
import org.deblurgateway.testsupport.SopClasses;
import org.deblurgateway.testsupport.ToolRun;
import org.deblurgateway.testsupport.TransferSyntaxUids;
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
        Dcmtk.assumeInstalled();
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
        ListenerSettings settings = new ListenerSettings(
                Set.of("DEBLUR", "DEBLUR2"),
                allowedCallers,
                "127.0.0.1",
                0,
                65536,
                maxAssociations,
                Duration.ofSeconds(5),
                Duration.ofSeconds(10),
                Duration.ofSeconds(5));
        IngestPublisher publisher = () -> new IngestChannel() {
            @Override
            public void publish(ReceivedObject object) throws IngestException {
                if (brokerDown) {
                    throw new IngestException("broker down (test)", null);
                }
                announced.add(object);
            }

            @Override
            public void close() {}
        };
        listener = TestListeners.start(settings, dataDir(), publisher);
    }

    @Test
    void echo_anyCaller_succeeds() throws Exception {
        start(Optional.empty(), 4);
        ToolRun r = Dcmtk.run("echoscu", "-aet", "MODALITY", "-aec", "DEBLUR", "127.0.0.1", port());
        assertEquals(0, r.exit(), r.output());
    }

    @Test
    void echo_extraCalledAeTitle_succeeds() throws Exception {
        start(Optional.empty(), 4);
        assertEquals(
                0,
                Dcmtk.run("echoscu", "-aet", "MODALITY", "-aec", "DEBLUR2", "127.0.0.1", port())
                        .exit());
    }

    @Test
    void associate_wrongCalledAe_rejectedCalledAeNotRecognized() throws Exception {
        start(Optional.empty(), 4);
        ToolRun r = Dcmtk.run("echoscu", "-aet", "MODALITY", "-aec", "OTHER", "127.0.0.1", port());
        assertNotEquals(0, r.exit());
        assertTrue(r.output().contains("Called AE Title Not Recognized"), r.output());
    }

    @Test
    void associate_unknownCallingAe_rejectedCallingAeNotRecognized() throws Exception {
        start(Optional.of(Set.of("MODALITY")), 4);
        ToolRun r = Dcmtk.run("echoscu", "-aet", "INTRUDER", "-aec", "DEBLUR", "127.0.0.1", port());
        assertNotEquals(0, r.exit());
        assertTrue(r.output().contains("Calling AE Title Not Recognized"), r.output());
        assertEquals(
                0,
                Dcmtk.run("echoscu", "-aet", "MODALITY", "-aec", "DEBLUR", "127.0.0.1", port())
                        .exit());
    }

    @Test
    void associate_overLimit_rejectedTransientLocalLimitExceeded() throws Exception {
        start(Optional.empty(), 1);
        // A connection that never sends its A-ASSOCIATE-RQ holds the only slot for the request timeout.
        try (Socket hog = new Socket("127.0.0.1", listener.port())) {
            Thread.sleep(300);
            ToolRun r = Dcmtk.run("echoscu", "-aet", "MODALITY", "-aec", "DEBLUR", "127.0.0.1", port());
            assertNotEquals(0, r.exit());
            assertTrue(r.output().contains("Local Limit Exceeded"), r.output());
        }
    }

    @Test
    void store_generatedObjects_spooledAndAnnounced() throws Exception {
        start(Optional.empty(), 4);
        List<String> args =
                new ArrayList<>(List.of("storescu", "-aet", "MODALITY", "-aec", "DEBLUR", "127.0.0.1", port()));
        for (int i = 1; i <= 3; i++) {
            args.add(RawObjects.write(work.resolve(i + ".dcm"), SopClasses.SECONDARY_CAPTURE, "2.25.77" + i, 256)
                    .toString());
        }
        ToolRun r = Dcmtk.run(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.output());
        assertEquals(3, announced.size());
        for (int i = 1; i <= 3; i++) {
            Path spooled = SpooledFiles.only(dataDir(), "2.25.77" + i);
            assertTrue(Files.size(spooled) > 256, "spooled " + spooled);
            byte[] head = Files.readAllBytes(spooled);
            assertEquals("DICM", new String(head, 128, 4, StandardCharsets.US_ASCII));
        }
        ReceivedObject first = announced.get(0);
        assertTrue(first.spoolPath().matches("spool/incoming/2\\.25\\.771\\.r[0-9a-f]{16}\\.dcm"), first.spoolPath());
        assertEquals(
                Files.size(SpooledFiles.only(dataDir(), "2.25.771")),
                first.seal().orElseThrow().length());
        assertEquals("MODALITY", first.callingAeTitle());
        assertEquals("DEBLUR", first.calledAeTitle());
        assertEquals("2.25.1001", first.summary().studyInstanceUid());
        assertEquals("2.25.1002", first.summary().seriesInstanceUid());
        assertEquals("OT", first.summary().modality());
        assertEquals("CHEST", first.summary().bodyPartExamined());
        assertEquals("Test study", first.summary().studyDescription());
        assertEquals(TransferSyntaxUids.EXPLICIT_LE, first.summary().transferSyntaxUid());
        assertEquals(0, countFiles(dataDir().resolve("spool/tmp")));
    }

    @Test
    void store_uidWithPathTraversal_failsAndWritesNothingOutsideSpool() throws Exception {
        start(Optional.empty(), 4);
        Path file = RawObjects.write(work.resolve("evil.dcm"), SopClasses.SECONDARY_CAPTURE, "../../evil", 256);
        ToolRun r =
                Dcmtk.run("storescu", "-v", "-aet", "MODALITY", "-aec", "DEBLUR", "127.0.0.1", port(), file.toString());
        assertTrue(r.output().toLowerCase().contains("cannotunderstand"), r.output());
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
        Path file = RawObjects.write(work.resolve("a.dcm"), SopClasses.SECONDARY_CAPTURE, "2.25.991", 256);
        ToolRun r =
                Dcmtk.run("storescu", "-v", "-aet", "MODALITY", "-aec", "DEBLUR", "127.0.0.1", port(), file.toString());
        assertTrue(r.output().toLowerCase().contains("outofresources"), r.output());
        assertEquals(0, countFiles(dataDir().resolve("spool/incoming")));
        assertEquals(0, countFiles(dataDir().resolve("spool/tmp")));
    }

    @Test
    void store_sameInstanceTwiceThenBrokerDown_bothEarlierCopiesKept() throws Exception {
        start(Optional.empty(), 4);
        Path file = RawObjects.write(work.resolve("a.dcm"), SopClasses.SECONDARY_CAPTURE, "2.25.992", 256);
        assertEquals(
                0,
                Dcmtk.run("storescu", "-aet", "MODALITY", "-aec", "DEBLUR", "127.0.0.1", port(), file.toString())
                        .exit());
        assertEquals(
                0,
                Dcmtk.run("storescu", "-aet", "MODALITY", "-aec", "DEBLUR", "127.0.0.1", port(), file.toString())
                        .exit());
        // Each receipt has its own file, the one its message names: the second never replaces the first.
        assertEquals(2, countFiles(dataDir().resolve("spool/incoming")));
        byte[] before = Files.readAllBytes(dataDir().resolve(announced.get(0).spoolPath()));
        brokerDown = true;
        RawObjects.write(file, SopClasses.SECONDARY_CAPTURE, "2.25.992", 64);
        Dcmtk.run("storescu", "-aet", "MODALITY", "-aec", "DEBLUR", "127.0.0.1", port(), file.toString());
        assertEquals(2, countFiles(dataDir().resolve("spool/incoming")));
        assertTrue(Arrays.equals(
                before, Files.readAllBytes(dataDir().resolve(announced.get(0).spoolPath()))));
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
        assertEquals(
                0,
                Dcmtk.run("echoscu", "-aet", "MODALITY", "-aec", "DEBLUR", "127.0.0.1", port())
                        .exit());
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
}
