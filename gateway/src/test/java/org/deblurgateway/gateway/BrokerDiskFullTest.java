package org.deblurgateway.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.deblurgateway.routes.Queues;
import org.deblurgateway.routes.messages.ObjectHeaders;
import org.deblurgateway.testsupport.Dcmtk;
import org.deblurgateway.testsupport.RawObjects;
import org.deblurgateway.testsupport.Storescu;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The embedded broker's journal disk runs full (a real tmpfs filled to between the broker's floor and the spool's):
 * the ingest send is refused at once, so the C-STORE gets 0xA700 within seconds instead of hanging on a blocked
 * producer, nothing of the object is kept, and once space is back the next C-STORE succeeds.
 */
@QuarkusTest
@TestProfile(SmallDiskTestProfile.class)
class BrokerDiskFullTest {

    private static final long MIB = 1024 * 1024;
    /** storescu -d prints each C-STORE-RSP's Error Comment as "(0000,0902) LO [text]". */
    private static final Pattern DIMSE_STATUS = Pattern.compile("(0x[0-9a-f]{4})");

    private static final Pattern ERROR_COMMENT = Pattern.compile("\\(0000,0902\\) LO \\[([^\\]]*)\\]");

    @Inject
    ConnectionFactory connectionFactory;

    @ConfigProperty(name = "gateway.dicom.port")
    int port;

    @ConfigProperty(name = "gateway.data-dir")
    Path dataDir;

    @ConfigProperty(name = SmallDiskTestProfile.UNAVAILABLE)
    Optional<String> unavailable;

    @BeforeAll
    static void needsDcmtk() {
        Dcmtk.assumeInstalled();
    }

    @Test
    void store_journalDiskBelowBrokerFloor_outOfResourcesAtOnceThenSuccessOnceSpaceIsBack() throws Exception {
        assumeTrue(unavailable.isEmpty(), unavailable.orElse(""));
        Path disk = dataDir.getParent();
        Path scratch = Files.createTempDirectory("broker-disk-full-");
        Path first = RawObjects.secondaryCapture(scratch.resolve("first.dcm"), "2.25.9101");
        Path second = RawObjects.secondaryCapture(scratch.resolve("second.dcm"), "2.25.9102");
        // Between the two floors: the spool still takes objects, the broker's journal no longer does.
        Path ballast = fillLeaving(disk, 32 * MIB);
        Thread.sleep(1000); // several of the broker's 200 ms disk scans

        long start = System.nanoTime();
        Storescu.StoreResult refused = send(first);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertEquals("0xa700", statusOf(refused, first), refused.log());
        List<String> comments = comments(refused);
        assertEquals(1, comments.size(), refused.log());
        assertTrue(comments.get(0).startsWith("cannot announce the object"), comments.get(0));
        assertTrue(took.compareTo(Duration.ofSeconds(15)) < 0, "answered at once, not after a blocked send: " + took);
        assertFalse(Files.exists(dataDir.resolve("spool/incoming/2.25.9101.dcm")), "nothing kept of it");
        assertFalse(ingestSopInstances().contains("2.25.9101"));

        Files.delete(ballast);
        Thread.sleep(1000);
        Storescu.StoreResult taken = send(second);

        assertEquals("0x0000", statusOf(taken, second), taken.log());
        assertTrue(ingestSopInstances().contains("2.25.9102"));
    }

    private Storescu.StoreResult send(Path file) {
        try (Storescu.StoreRun run =
                Storescu.start("broker-disk-full", port, "MODALITY", "DEBLUR", List.of("-d"), List.of(file))) {
            return run.awaitEnd(Duration.ofSeconds(90));
        }
    }

    /** A ballast file that leaves about {@code leaveFree} bytes usable on {@code disk}. */
    private static Path fillLeaving(Path disk, long leaveFree) throws IOException {
        Path ballast = disk.resolve("ballast.bin");
        byte[] block = new byte[1024 * 1024];
        try (OutputStream out = Files.newOutputStream(ballast)) {
            long toWrite = Files.getFileStore(disk).getUsableSpace() - leaveFree;
            while (toWrite > 0) {
                int n = (int) Math.min(block.length, toWrite);
                out.write(block, 0, n);
                toWrite -= n;
            }
        }
        return ballast;
    }

    /** The DIMSE status storescu -d logged for {@code file} ("D: DIMSE Status : 0xa700: ..."), "none" if none. */
    private static String statusOf(Storescu.StoreResult result, Path file) {
        boolean sending = false;
        for (String line : result.log().split("\\n")) {
            if (line.startsWith("I: Sending file: ")) {
                sending = line.endsWith(file.toString());
            } else if (sending && line.startsWith("D: DIMSE Status")) {
                Matcher status = DIMSE_STATUS.matcher(line);
                return status.find() ? status.group(1) : line;
            }
        }
        return "none";
    }

    private static List<String> comments(Storescu.StoreResult result) {
        List<String> comments = new ArrayList<>();
        Matcher m = ERROR_COMMENT.matcher(result.log());
        while (m.find()) {
            comments.add(m.group(1));
        }
        return comments;
    }

    private List<String> ingestSopInstances() throws Exception {
        List<String> uids = new ArrayList<>();
        try (Connection c = connectionFactory.createConnection()) {
            c.start();
            Session session = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            QueueBrowser browser = session.createBrowser(session.createQueue(Queues.INGEST));
            for (Object o : Collections.list(browser.getEnumeration())) {
                uids.add(((Message) o).getStringProperty(ObjectHeaders.SOP_INSTANCE_UID));
            }
        }
        return uids;
    }
}
