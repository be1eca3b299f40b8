package org.deblurgateway.routes.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import org.deblurgateway.routes.events.PipelineEvent;
import org.deblurgateway.routes.events.PipelineEvent.Outcome;
import org.deblurgateway.routes.forward.ForwardDecision;
import org.deblurgateway.routes.forward.Forwarder;
import org.deblurgateway.routes.messages.ObjectHeaders;
import org.deblurgateway.testsupport.RawObjects;
import org.deblurgateway.testsupport.Storescp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A delivery is reported (the event Storage Commitment's ledger records) while the outbound file is still there: a
 * process that dies at any point of a delivered send has either reported it, or kept the file, so the redelivered
 * message sends it again and reports it then. Driven on the application's forwarder itself, one exchange per broker
 * delivery, into dcmtk's storescp.
 */
@QuarkusTest
@WithTestResource(value = FlowBrokerResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ForwardDeliveryReportTest extends FlowTest {

    private static final String SOP_INSTANCE_UID = "2.25.7700001";

    /** Stands for the process ending: thrown from inside the step, as {@code kill -9} would stop it there. */
    private static final class ProcessDied extends Error {
        ProcessDied() {
            super("process died here");
        }
    }

    @Inject
    RecordedEvents events;

    @Inject
    Forwarder forwarder;

    @Inject
    CamelContext camel;

    private Storescp pacs;
    private Path outboundFile;
    private String spoolPath;

    @BeforeEach
    void placeOutboundCopy() throws Exception {
        pacs = startPacs();
        pipeline.rules(passRules(pacs.port()));
        outboundFile = pipeline.dataDir().resolve("outbound/pacs/" + SOP_INSTANCE_UID + ".0123456789abcdef0123.dcm");
        Files.createDirectories(outboundFile.getParent());
        RawObjects.secondaryCapture(outboundFile, SOP_INSTANCE_UID);
        spoolPath = pipeline.dataDir().relativize(outboundFile).toString();
    }

    @Test
    void delivered_reportedWhileOutboundFileStillThere() throws Exception {
        List<Boolean> fileThereWhenReported = new CopyOnWriteArrayList<>();
        events.onEach(event -> {
            if (isDelivery(event)) {
                fileThereWhenReported.add(Files.exists(outboundFile));
            }
        });

        Exchange delivery = delivery();
        forwarder.process(delivery);

        assertEquals(ForwardDecision.DONE, delivery.getProperty(Forwarder.DECISION));
        assertEquals(List.of(true), fileThereWhenReported, "the delivery is reported before its file is deleted");
        assertFalse(Files.exists(outboundFile), "deleted once delivered and reported");
        assertEquals(1, pacs.received().size());
    }

    @Test
    void diesRightAfterReport_fileKept_redeliverySendsAgainAndReportsAgain() throws Exception {
        AtomicBoolean dieOnNextDelivery = new AtomicBoolean(true);
        events.onEach(event -> {
            if (isDelivery(event) && dieOnNextDelivery.compareAndSet(true, false)) {
                throw new ProcessDied();
            }
        });

        assertThrows(ProcessDied.class, () -> forwarder.process(delivery()));
        // The broker never saw the commit: the message comes again, and its file is still there to send.
        assertTrue(Files.exists(outboundFile), "a delivery whose step died keeps its file");

        Exchange redelivery = delivery();
        forwarder.process(redelivery);

        assertEquals(ForwardDecision.DONE, redelivery.getProperty(Forwarder.DECISION));
        List<PipelineEvent> reported = events.all();
        assertEquals(
                2,
                reported.stream().filter(ForwardDeliveryReportTest::isDelivery).count(),
                reported.toString());
        assertFalse(Files.exists(outboundFile));
    }

    private static boolean isDelivery(PipelineEvent event) {
        return event instanceof PipelineEvent.ForwardAttempted f && f.outcome() == Outcome.DELIVERED;
    }

    private Exchange delivery() {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setBody(spoolPath);
        exchange.getMessage().setHeader(ObjectHeaders.SPOOL_PATH, spoolPath);
        exchange.getMessage().setHeader(ObjectHeaders.DESTINATION, "pacs");
        exchange.getMessage().setHeader(ObjectHeaders.SOP_INSTANCE_UID, SOP_INSTANCE_UID);
        return exchange;
    }
}
