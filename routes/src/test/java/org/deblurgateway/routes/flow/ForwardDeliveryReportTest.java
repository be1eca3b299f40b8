package org.deblurgateway.routes.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.deblurgateway.dicom.scu.StoreScu;
import org.deblurgateway.routes.RoutingStatistics;
import org.deblurgateway.routes.actions.DropActionRoute;
import org.deblurgateway.routes.actions.PassActionRoute;
import org.deblurgateway.routes.events.PipelineEvent;
import org.deblurgateway.routes.events.PipelineEvent.Outcome;
import org.deblurgateway.routes.events.PipelineEventSink;
import org.deblurgateway.routes.events.PipelineEvents;
import org.deblurgateway.routes.forward.ForwardDecision;
import org.deblurgateway.routes.forward.Forwarder;
import org.deblurgateway.routes.forward.RetryPolicy;
import org.deblurgateway.routes.messages.ObjectHeaders;
import org.deblurgateway.routes.rules.ActiveRules;
import org.deblurgateway.routes.rules.RuleSet;
import org.deblurgateway.routes.rules.RulesParser;
import org.deblurgateway.routes.spool.DataDir;
import org.deblurgateway.routes.spool.OutboundSpool;
import org.deblurgateway.testsupport.Dcmtk;
import org.deblurgateway.testsupport.FreePorts;
import org.deblurgateway.testsupport.RawObjects;
import org.deblurgateway.testsupport.Storescp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A delivery is reported (the event Storage Commitment's ledger records) while the outbound file is still there: a
 * process that dies at any point of a delivered send has either reported it, or kept the file, so the redelivered
 * message sends it again and reports it then. Driven on the forwarder itself, one exchange per broker delivery, into
 * dcmtk's storescp.
 */
class ForwardDeliveryReportTest {

    private static final String SOP_INSTANCE_UID = "2.25.7700001";

    /** Stands for the process ending: thrown from inside the step, as {@code kill -9} would stop it there. */
    private static final class ProcessDied extends Error {
        ProcessDied() {
            super("process died here");
        }
    }

    @TempDir
    Path temp;

    private CamelContext camel;
    private Storescp pacs;
    private Path dataDir;
    private Path outboundFile;
    private String spoolPath;

    @BeforeEach
    void placeOutboundCopy() throws Exception {
        Dcmtk.assumeInstalled();
        pacs = Storescp.start("PACS", FreePorts.next(), temp.resolve("pacs"));
        camel = new DefaultCamelContext();
        dataDir = Files.createDirectories(temp.resolve("data"));
        outboundFile = dataDir.resolve("outbound/pacs/" + SOP_INSTANCE_UID + ".0123456789abcdef0123.dcm");
        Files.createDirectories(outboundFile.getParent());
        RawObjects.secondaryCapture(outboundFile, SOP_INSTANCE_UID);
        spoolPath = dataDir.relativize(outboundFile).toString();
    }

    @AfterEach
    void stop() {
        if (pacs != null) {
            pacs.close();
        }
    }

    @Test
    void delivered_reportedWhileOutboundFileStillThere() throws Exception {
        List<Boolean> fileThereWhenReported = new CopyOnWriteArrayList<>();
        PipelineEventSink sink = event -> {
            if (isDelivery(event)) {
                fileThereWhenReported.add(Files.exists(outboundFile));
            }
        };

        Exchange delivery = delivery();
        forwarder(sink).process(delivery);

        assertEquals(ForwardDecision.DONE, delivery.getProperty(Forwarder.DECISION));
        assertEquals(List.of(true), fileThereWhenReported, "the delivery is reported before its file is deleted");
        assertFalse(Files.exists(outboundFile), "deleted once delivered and reported");
        assertEquals(1, pacs.received().size());
    }

    @Test
    void diesRightAfterReport_fileKept_redeliverySendsAgainAndReportsAgain() throws Exception {
        List<PipelineEvent> reported = new CopyOnWriteArrayList<>();
        boolean[] dieOnNextDelivery = {true};
        PipelineEventSink sink = event -> {
            reported.add(event);
            if (isDelivery(event) && dieOnNextDelivery[0]) {
                dieOnNextDelivery[0] = false;
                throw new ProcessDied();
            }
        };
        Forwarder forwarder = forwarder(sink);

        assertThrows(ProcessDied.class, () -> forwarder.process(delivery()));
        // The broker never saw the commit: the message comes again, and its file is still there to send.
        assertTrue(Files.exists(outboundFile), "a delivery whose step died keeps its file");

        Exchange redelivery = delivery();
        forwarder.process(redelivery);

        assertEquals(ForwardDecision.DONE, redelivery.getProperty(Forwarder.DECISION));
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

    private Forwarder forwarder(PipelineEventSink sink) throws Exception {
        TestRoutingConfig config = TestRoutingConfig.of(dataDir, 3, Duration.ofMillis(100));
        OutboundSpool spool = new OutboundSpool(new DataDir(dataDir));
        RoutingStatistics statistics = new RoutingStatistics();
        RuleSet ruleSet = new RulesParser(
                        List.of(new PassActionRoute(spool, statistics), new DropActionRoute(spool, statistics)))
                .parse(
                        "destinations:\n  pacs: {ae-title: PACS, host: 127.0.0.1, port: " + pacs.port()
                                + "}\nrules:\n  - name: default\n    action: pass\n    destinations: [pacs]\n",
                        "test rules");
        return new Forwarder(
                ActiveRules.fixed(ruleSet),
                new StoreScu("DEBLUR", Duration.ofSeconds(5), Duration.ofSeconds(10)),
                spool,
                new RetryPolicy(3, Duration.ofMillis(100), 2.0, Duration.ofSeconds(1)),
                statistics,
                config,
                new PipelineEvents(List.of(sink)));
    }
}
