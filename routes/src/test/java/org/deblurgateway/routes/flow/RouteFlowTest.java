package org.deblurgateway.routes.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.jms.Message;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.deblurgateway.routes.Queues;
import org.deblurgateway.routes.config.RoutingConfig;
import org.deblurgateway.routes.messages.ObjectHeaders;
import org.deblurgateway.testsupport.Dcmtk;
import org.deblurgateway.testsupport.FreePorts;
import org.deblurgateway.testsupport.Storescp;
import org.deblurgateway.testsupport.Waits;
import org.junit.jupiter.api.Test;

/**
 * The real routes (ingest -> rules -> pass/drop -> outbound -> C-STORE) on a persistent embedded Artemis broker, with
 * dcmtk's storescp as the destination: delivery, backoff retries, dead-lettering, drop, redelivery after a crash and
 * the all-or-nothing JMS transaction of the pass action.
 */
@QuarkusTest
@WithTestResource(value = FlowBrokerResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class RouteFlowTest extends FlowTest {

    private static final String SPOOL_PATH = "spool/incoming/obj-1.dcm";

    @Inject
    RoutingConfig config;

    @Test
    void pass_destinationUp_deliveredAndSpoolEmptied() throws Exception {
        Storescp storescp = startPacs();
        pipeline.rules(passRules(storescp.port()));

        writeObject("1.2.840.10008.5.1.4.1.1.7");
        sendIngest();

        await(() -> statistics.deliveredCount() == 1, "delivery");
        assertEquals(1, storescp.received().size());
        assertTrue(Dcmtk.dcmdump(storescp.received().get(0)).contains("1.2.826.0.1.3680043.10.543.1"));
        assertFalse(Files.exists(pipeline.dataDir().resolve(SPOOL_PATH)), "ingest file removed");
        assertEquals(List.of(), outboundCopies(), "outbound file removed");
        assertNull(queues.receive(Queues.OUTBOUND, 300));
        assertNull(queues.receive(Queues.INGEST, 100));
    }

    @Test
    void forward_destinationDownThenUp_retriedWithBackoffThenDelivered() throws Exception {
        int port = FreePorts.next();
        pipeline.rules(passRules(port));

        writeObject("1.2.840.10008.5.1.4.1.1.7");
        sendIngest();
        await(() -> statistics.failedAttemptCount() == 1, "first failed attempt");
        Thread.sleep(700);
        assertEquals(1, statistics.failedAttemptCount(), "the retry waits for the backoff delay (1.5 s)");
        Storescp storescp = startPacs(port);

        await(() -> statistics.deliveredCount() == 1, "delivery after the destination came up");
        assertEquals(1, storescp.received().size());
        assertEquals(0, statistics.deadLetteredCount());
    }

    @Test
    void forward_destinationNeverUp_deadLetteredWithStatusAndFileKept() throws Exception {
        int attempts = config.forward().maxAttempts();
        pipeline.rules(passRules(FreePorts.next()));

        writeObject("1.2.840.10008.5.1.4.1.1.7");
        sendIngest();

        Message dead = queues.receive(Queues.OUTBOUND_DEAD_LETTER, 20_000);
        assertNotNull(dead, "message on the dead-letter queue");
        assertEquals("none", dead.getStringProperty(ObjectHeaders.LAST_STATUS));
        assertTrue(
                dead.getStringProperty(ObjectHeaders.LAST_ERROR).startsWith("CONNECT_FAILED"),
                dead.getStringProperty(ObjectHeaders.LAST_ERROR));
        assertEquals(attempts, dead.getIntProperty(ObjectHeaders.ATTEMPTS));
        assertEquals("pacs", dead.getStringProperty(ObjectHeaders.DESTINATION));
        assertTrue(
                dead.getStringProperty(ObjectHeaders.SPOOL_PATH).matches("outbound/pacs/obj-1\\.[0-9a-f]{20}\\.dcm"),
                dead.getStringProperty(ObjectHeaders.SPOOL_PATH));
        assertEquals("OT", dead.getStringProperty(ObjectHeaders.MODALITY));
        assertEquals("default", dead.getStringProperty(ObjectHeaders.RULE));
        assertTrue(
                Files.exists(pipeline.dataDir().resolve(dead.getStringProperty(ObjectHeaders.SPOOL_PATH))),
                "file kept for a re-drive");
        assertEquals(attempts, statistics.failedAttemptCount());
    }

    @Test
    void forward_peerRejectsSopClass_deadLetteredAfterOneAttempt() throws Exception {
        pipeline.rules(passRules(startPacs().port()));

        writeObject("1.2.826.0.1.3680043.10.543.99");
        sendIngest();

        Message dead = queues.receive(Queues.OUTBOUND_DEAD_LETTER, 20_000);
        assertNotNull(dead, "message on the dead-letter queue");
        assertEquals(1, dead.getIntProperty(ObjectHeaders.ATTEMPTS));
        assertEquals("none", dead.getStringProperty(ObjectHeaders.LAST_STATUS));
        assertTrue(dead.getStringProperty(ObjectHeaders.LAST_ERROR).startsWith("NO_PRESENTATION_CONTEXT"));
    }

    @Test
    void drop_matchingRule_fileDeletedNothingForwarded() throws Exception {
        pipeline.rules("rules:\n  - name: no-ot\n    match: {modality: OT}\n    action: drop\n"
                + "  - name: default\n    action: drop\n");

        writeObject("1.2.840.10008.5.1.4.1.1.7");
        sendIngest();

        await(() -> statistics.droppedCount() == 1, "drop");
        assertFalse(Files.exists(pipeline.dataDir().resolve(SPOOL_PATH)));
        assertNull(queues.receive(Queues.OUTBOUND, 300));
    }

    @Test
    void ingest_spoolFileAlreadyGone_treatedAsDoneWithoutLooping() throws Exception {
        pipeline.rules(passRules(FreePorts.next()));

        sendIngest();

        await(() -> statistics.alreadyProcessedCount() == 1, "already-processed handling");
        Thread.sleep(300);
        assertEquals(1, statistics.alreadyProcessedCount());
        assertNull(queues.receive(Queues.OUTBOUND, 200));
        assertNull(queues.receive(FlowBrokerResource.DLA, 200), "not rolled back");
    }

    @Test
    void pass_failureAfterOutboundSend_rolledBackSoNothingIsQueuedAndIngestMessageKept() throws Exception {
        pipeline.rules(passRules(FreePorts.next()));
        hooks.passAtEnd(exchange -> {
            throw new IOException("injected failure after the outbound sends");
        });

        writeObject("1.2.840.10008.5.1.4.1.1.7");
        sendIngest();

        Message kept = queues.receive(FlowBrokerResource.DLA, 20_000);
        assertNotNull(kept, "the ingest message survives every failed try (broker DLA after 3 deliveries)");
        assertEquals(SPOOL_PATH, kept.getStringProperty(ObjectHeaders.SPOOL_PATH));
        // Each of the 3 tries sent an outbound message before failing; had one been committed, the forward route
        // would have tried (and failed) a C-STORE to the closed port.
        Thread.sleep(1000);
        assertEquals(
                0,
                statistics.failedAttemptCount() + statistics.deliveredCount(),
                "the outbound sends were rolled back with the failure");
        assertNull(queues.receive(Queues.OUTBOUND, 300));
        assertEquals(
                1,
                outboundCopies().size(),
                "the destination copy stays, so a re-drive of the ingest message can still send it");
    }

    private void writeObject(String sopClassUid) {
        writeObject(pipeline.dataDir().resolve(SPOOL_PATH), sopClassUid, "1.2.826.0.1.3680043.10.543.1", "ROUTES");
    }

    private void sendIngest() throws Exception {
        queues.sendIngest(
                SPOOL_PATH,
                Map.of(
                        ObjectHeaders.MODALITY,
                        "OT",
                        ObjectHeaders.SOP_CLASS_UID,
                        "1.2.840.10008.5.1.4.1.1.7",
                        ObjectHeaders.SOP_INSTANCE_UID,
                        "1.2.826.0.1.3680043.10.543.1"));
    }

    /** The destination copies in the outbound spool (their names carry a placement token). */
    private List<Path> outboundCopies() throws IOException {
        Path folder = pipeline.dataDir().resolve("outbound/pacs");
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (var files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().startsWith("obj-1."))
                    .toList();
        }
    }

    private static void await(BooleanSupplier condition, String what) {
        Waits.until(what, Duration.ofSeconds(20), 25, condition, () -> "");
    }
}
