package org.deblurgateway.routes.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import jakarta.jms.Connection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.ProcessDefinition;
import org.deblurgateway.dicom.derived.DerivedInstanceWriter;
import org.deblurgateway.dicom.derived.DerivedSeriesSettings;
import org.deblurgateway.dicom.derived.DerivedUids;
import org.deblurgateway.dicom.pixels.PixelDecoder;
import org.deblurgateway.dicom.pixels.PixelLimits;
import org.deblurgateway.dicom.scu.StoreScu;
import org.deblurgateway.model.inference.InferenceOptions.ComputeDevice;
import org.deblurgateway.model.inference.InferenceOptions.Precision;
import org.deblurgateway.model.inference.ModelCatalog;
import org.deblurgateway.routes.IngestRoute;
import org.deblurgateway.routes.RollbackToBrokerRouteConfiguration;
import org.deblurgateway.routes.RoutingStatistics;
import org.deblurgateway.routes.RuleEvaluator;
import org.deblurgateway.routes.actions.PassActionRoute;
import org.deblurgateway.routes.config.GatewayConfig;
import org.deblurgateway.routes.deblur.ContentQualification;
import org.deblurgateway.routes.deblur.DeblurActionRoute;
import org.deblurgateway.routes.deblur.DeblurConfig;
import org.deblurgateway.routes.deblur.DeblurJobStore;
import org.deblurgateway.routes.deblur.DeblurModels;
import org.deblurgateway.routes.deblur.DeblurPlanner;
import org.deblurgateway.routes.deblur.DerivedInstanceAssembler;
import org.deblurgateway.routes.deblur.DerivedInstanceRoute;
import org.deblurgateway.routes.deblur.FrameWorker;
import org.deblurgateway.routes.deblur.FrameWorkerRoute;
import org.deblurgateway.routes.forward.ForwardRoute;
import org.deblurgateway.routes.forward.Forwarder;
import org.deblurgateway.routes.forward.OutboundRoute;
import org.deblurgateway.routes.forward.RetryPolicy;
import org.deblurgateway.routes.messages.CamelMessages;
import org.deblurgateway.routes.messages.FrameHeaders;
import org.deblurgateway.routes.messages.FrameId;
import org.deblurgateway.routes.messages.FrameResult;
import org.deblurgateway.routes.messages.ObjectHeaders;
import org.deblurgateway.routes.rules.RuleSet;
import org.deblurgateway.routes.rules.RulesParser;
import org.deblurgateway.routes.spool.DataDir;
import org.deblurgateway.routes.spool.OutboundSpool;
import org.deblurgateway.routes.spool.ReceiptCheck;
import org.deblurgateway.testsupport.Dcmtk;
import org.deblurgateway.testsupport.FreePorts;
import org.deblurgateway.testsupport.Storescp;
import org.deblurgateway.testsupport.Waits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deblur action end to end inside one Camel context: a real broker (in-VM Artemis), the shipped rdsam-lite
 * network, dcmtk's storescp as the destination. Frames go through the worker and result queues; the derived
 * instance and (per rule) the original arrive once.
 */
class DeblurFlowTest {

    private static final String SOURCE_UID = "1.2.826.0.1.3680043.10.543.11";
    private static final String SPOOL_PATH = "spool/incoming/" + SOURCE_UID + ".dcm";
    private static final Path WEIGHTS = Path.of("..", "model", "weights");
    /** Below FlowBroker's max-delivery-attempts (3), as gateway.deblur.max-frame-attempts must be. */
    private static final int MAX_FRAME_ATTEMPTS = 2;

    @TempDir
    Path temp;

    private EmbeddedActiveMQ broker;
    private Connection connection;
    private CamelContext camel;
    private Storescp storescp;
    private final RoutingStatistics statistics = new RoutingStatistics();

    @BeforeAll
    static void requirePeersAndModel() {
        Dcmtk.assumeInstalled();
        assumeTrue(new ModelCatalog(WEIGHTS).has("rdsam-lite"), "model/weights/rdsam-lite missing");
    }

    @AfterEach
    void stopEverything() throws Exception {
        if (camel != null) {
            camel.stop();
        }
        if (connection != null) {
            connection.close();
        }
        if (broker != null) {
            broker.stop();
        }
        if (storescp != null) {
            storescp.close();
        }
    }

    @Test
    void deblur_multiFrame_derivedInstanceAndOriginalDeliveredOnce() throws Exception {
        int port = FreePorts.next();
        storescp = Storescp.start("PACS", port, temp.resolve("pacs"));
        start(rules(port, ""), false);

        writeObject(3, "MONOCHROME2");
        sendIngest();

        await(() -> receivedCount() == 2, "original and derived instance at the destination");
        String derivedUid = DerivedUids.instanceUid(SOURCE_UID, "rdsam-lite");
        String derived = dcmdump(received(derivedUid));
        assertTrue(derived.contains("DERIVED\\SECONDARY"), derived);
        assertTrue(derived.contains("(0028,0008) IS [3]"), "three frames: " + derived);
        assertTrue(derived.contains("DEBLUR GATEWAY"), "private quality block");
        assertEquals(3, statistics.framesDeblurredCount());
        assertEquals(1, statistics.derivedInstanceCount());
        Thread.sleep(500);
        assertEquals(2, storescp.received().size(), "nothing sent twice");
        assertFalse(Files.exists(temp.resolve("data").resolve(SPOOL_PATH)), "received file released");
        DeblurJobStore jobs = new DeblurJobStore(new DataDir(temp.resolve("data")));
        assertTrue(jobs.assembled(derivedUid).isPresent(), "job marked assembled");
        assertFalse(Files.exists(jobs.source(derivedUid)), "job's source link released");
    }

    @Test
    void deblur_monochrome1WithoutOriginal_onlyDerivedInstanceDelivered() throws Exception {
        int port = FreePorts.next();
        storescp = Storescp.start("PACS", port, temp.resolve("pacs"));
        start(rules(port, "    forward-original: false\n"), false);

        writeObject(1, "MONOCHROME1");
        sendIngest();

        await(() -> statistics.deliveredCount() == 1, "derived instance delivered");
        Thread.sleep(500);
        assertEquals(1, storescp.received().size());
        String derived = dcmdump(storescp.received().get(0));
        assertTrue(derived.contains("MONOCHROME1"), "photometric kept: " + derived);
        assertTrue(derived.contains(DerivedUids.instanceUid(SOURCE_UID, "rdsam-lite")));
    }

    @Test
    void deblur_sharperThanRuleThreshold_forwardedUnchanged() throws Exception {
        int port = FreePorts.next();
        storescp = Storescp.start("PACS", port, temp.resolve("pacs"));
        start(rules(port, "    min-blur-score: 0.99\n"), false);

        writeObject(1, "MONOCHROME2");
        sendIngest();

        await(() -> statistics.deliveredCount() == 1, "original delivered");
        Thread.sleep(500);
        assertEquals(Map.of("below-blur-threshold", 1L), statistics.passedThroughCounts());
        assertEquals(0, statistics.framesDeblurredCount());
        assertTrue(dcmdump(storescp.received().get(0)).contains(SOURCE_UID));
    }

    @Test
    void deblur_objectWithoutPixels_passedThroughWithReason() throws Exception {
        int port = FreePorts.next();
        storescp = Storescp.start("PACS", port, temp.resolve("pacs"));
        start(rules(port, ""), false);

        writeObject(0, null);
        sendIngest();

        await(() -> statistics.deliveredCount() == 1, "object delivered unchanged");
        assertEquals(
                1,
                statistics.passedThroughCounts().values().stream()
                        .mapToLong(Long::longValue)
                        .sum(),
                statistics.passedThroughCounts().toString());
        assertEquals(0, statistics.derivedInstanceCount());
    }

    @Test
    void assemble_failureAfterOutboundSend_rolledBackThenDerivedInstanceQueuedOnce() throws Exception {
        int port = FreePorts.next();
        storescp = Storescp.start("PACS", port, temp.resolve("pacs"));
        start(rules(port, "    forward-original: false\n"), true);

        writeObject(2, "MONOCHROME2");
        sendIngest();

        await(() -> statistics.deliveredCount() == 1, "derived instance delivered after the redelivered result");
        Thread.sleep(1500);
        assertEquals(1, storescp.received().size(), "queued exactly once although the first assembly rolled back");
    }

    @Test
    void worker_networkFailsOnAFrame_originalForwardedInsteadOnce() throws Exception {
        int port = FreePorts.next();
        storescp = Storescp.start("PACS", port, temp.resolve("pacs"));
        start(rules(port, "    forward-original: false\n"), false);
        // The worker's answer for a frame the network cannot process (what FrameWorker sends on InferenceException).
        AdviceWith.adviceWith(
                camel,
                "deblur-frames",
                route -> route.weaveByType(ProcessDefinition.class).replace().process(exchange -> {
                    FrameId frame = FrameId.decode(exchange.getMessage().getHeaders());
                    CamelMessages.write(
                            exchange.getMessage(),
                            FrameResult.failed(
                                    frame.job(), frame.index(), "flow-test", "InferenceException: injected"));
                }));

        writeObject(2, "MONOCHROME2");
        sendIngest();

        await(() -> statistics.deliveredCount() == 1, "original delivered instead of a derived instance");
        Thread.sleep(1500);
        assertEquals(1, storescp.received().size(), "the original once, although both frames failed");
        assertTrue(dcmdump(storescp.received().get(0)).contains(SOURCE_UID));
        assertEquals(Map.of("network-failed", 1L), statistics.passedThroughCounts());
        assertEquals(0, statistics.derivedInstanceCount());
    }

    @Test
    void worker_crashesOnAFrameEveryTime_givenUpAfterMaxAttemptsAndOriginalForwardedOnce() throws Exception {
        int port = FreePorts.next();
        storescp = Storescp.start("PACS", port, temp.resolve("pacs"));
        start(rules(port, "    forward-original: false\n"), false);
        // Every attempt that reaches the network ends without a result and rolls back, as a worker crash would.
        AtomicInteger crashes = new AtomicInteger();
        AdviceWith.adviceWith(
                camel,
                "deblur-frames",
                route -> route.weaveByType(ProcessDefinition.class).after().process(exchange -> {
                    if (exchange.getMessage().getHeader(FrameHeaders.FAILURE) == null) {
                        crashes.incrementAndGet();
                        throw new IllegalStateException("injected crash while deblurring");
                    }
                }));

        writeObject(1, "MONOCHROME2");
        sendIngest();

        await(() -> statistics.deliveredCount() == 1, "original delivered once the frame was given up");
        Thread.sleep(1000);
        assertEquals(MAX_FRAME_ATTEMPTS, crashes.get(), "tried max-frame-attempts times, then not again");
        assertEquals(1, storescp.received().size());
        assertTrue(dcmdump(storescp.received().get(0)).contains(SOURCE_UID), "the original");
        assertEquals(Map.of("network-failed", 1L), statistics.passedThroughCounts());
        assertEquals(
                0L,
                broker.getActiveMQServer().locateQueue(FlowBroker.DLA).getMessageCount(),
                "given up by the worker before the broker dead-letters it");
    }

    private static String rules(int port, String extraRuleKeys) {
        return "destinations:\n  pacs: {ae-title: PACS, host: 127.0.0.1, port: " + port + "}\n"
                + "rules:\n  - name: deblur-all\n    action: deblur\n    model: rdsam-lite\n" + extraRuleKeys
                + "    destinations: [pacs]\n";
    }

    private void start(String rulesYaml, boolean failFirstAssembly) throws Exception {
        broker = FlowBroker.start(temp.resolve("broker"));
        ActiveMQConnectionFactory connectionFactory = new ActiveMQConnectionFactory("vm://0");
        connection = connectionFactory.createConnection();
        connection.start();

        Path dataDir = Files.createDirectories(temp.resolve("data"));
        GatewayConfig gateway = TestRoutingConfig.gateway(dataDir);
        TestRoutingConfig config = TestRoutingConfig.of(dataDir, 3, Duration.ofMillis(100));
        DeblurConfig deblurConfig = new TestDeblurConfig(WEIGHTS);
        OutboundSpool spool = new OutboundSpool(new DataDir(dataDir));
        DeblurJobStore jobs = new DeblurJobStore(new DataDir(dataDir));
        DeblurModels models = new DeblurModels(deblurConfig);
        PassActionRoute pass = new PassActionRoute(spool, statistics);
        PixelDecoder decoder = new PixelDecoder(
                new PixelLimits(36_000_000, 268_435_456, Duration.ofSeconds(60)),
                Files.createDirectories(temp.resolve("scratch")));
        DeblurActionRoute deblur = new DeblurActionRoute(
                new DeblurPlanner(decoder, jobs, spool, statistics, deblurConfig), models, deblurConfig);
        RuleSet ruleSet = new RulesParser(List.of(pass, deblur)).parse(rulesYaml, "test rules");
        DerivedInstanceWriter writer = new DerivedInstanceWriter(
                new DerivedSeriesSettings(" DEBLURRED", 1000, "RESEARCH", "Deblur Gateway project", "test"));

        camel = new DefaultCamelContext();
        JmsComponent jms = new JmsComponent();
        jms.setConnectionFactory(connectionFactory);
        camel.addComponent("jms", jms);
        ActiveMQConnectionFactory frameConnectionFactory = new ActiveMQConnectionFactory("vm://0");
        frameConnectionFactory.setConsumerWindowSize(0);
        JmsComponent frameJms = new JmsComponent();
        frameJms.setConnectionFactory(frameConnectionFactory);
        camel.addComponent(FrameWorkerRoute.JMS_COMPONENT, frameJms);
        camel.addRoutes(new RollbackToBrokerRouteConfiguration());
        camel.addRoutes(new IngestRoute(() -> new RuleEvaluator(ruleSet), new ReceiptCheck(spool), config, gateway));
        camel.addRoutes(pass);
        camel.addRoutes(new OutboundRoute(gateway));
        camel.addRoutes(deblur);
        camel.addRoutes(new FrameWorkerRoute(new FrameWorker(models, statistics, deblurConfig), deblurConfig));
        camel.addRoutes(new DerivedInstanceRoute(
                new DerivedInstanceAssembler(jobs, writer, spool, statistics), deblurConfig, gateway));
        camel.addRoutes(new ForwardRoute(
                () -> new Forwarder(
                        ruleSet,
                        new StoreScu("DEBLUR", Duration.ofSeconds(5), Duration.ofSeconds(10)),
                        spool,
                        new RetryPolicy(3, Duration.ofMillis(100), 2.0, Duration.ofSeconds(5)),
                        statistics,
                        config),
                config,
                gateway));
        if (failFirstAssembly) {
            AtomicBoolean failed = new AtomicBoolean();
            AdviceWith.adviceWith(
                    camel,
                    "deblur-assemble",
                    route -> route.weaveAddLast().process(exchange -> {
                        List<?> copies = exchange.getProperty(OutboundRoute.MESSAGES, List.class);
                        if (copies != null && !copies.isEmpty() && failed.compareAndSet(false, true)) {
                            throw new IOException("injected failure after the derived instance's outbound sends");
                        }
                    }));
        }
        camel.start();
    }

    /** A small Part 10 object written with dcmtk's dump2dcm: {@code frames} frames of 40x32 12-bit ramps and edges. */
    private void writeObject(int frames, String photometric) throws IOException, InterruptedException {
        StringBuilder dump = new StringBuilder();
        dump.append("(0008,0016) UI [")
                .append(frames == 0 ? "1.2.840.10008.5.1.4.1.1.88.11" : "1.2.840.10008.5.1.4.1.1.7")
                .append("]\n");
        dump.append("(0008,0018) UI [" + SOURCE_UID + "]\n");
        dump.append("(0008,0060) CS [OT]\n(0010,0010) PN [Test^Deblur]\n(0010,0020) LO [DEBLUR-1]\n");
        dump.append("(0020,000d) UI [1.2.826.0.1.3680043.10.543.12]\n");
        dump.append("(0020,000e) UI [1.2.826.0.1.3680043.10.543.13]\n");
        if (frames > 0) {
            int rows = 32;
            int columns = 40;
            dump.append("(0028,0002) US 1\n(0028,0004) CS [")
                    .append(photometric)
                    .append("]\n");
            dump.append("(0028,0008) IS [").append(frames).append("]\n");
            dump.append("(0028,0010) US ")
                    .append(rows)
                    .append("\n(0028,0011) US ")
                    .append(columns)
                    .append('\n');
            dump.append("(0028,0100) US 16\n(0028,0101) US 12\n(0028,0102) US 11\n(0028,0103) US 0\n");
            StringBuilder pixels = new StringBuilder();
            for (int f = 0; f < frames; f++) {
                for (int y = 0; y < rows; y++) {
                    for (int x = 0; x < columns; x++) {
                        int value = ((x + f * 7) % 20 < 10 ? 800 : 3000) + y * 20;
                        pixels.append(pixels.isEmpty() ? "" : "\\").append(String.format("%04x", value));
                    }
                }
            }
            dump.append("(7fe0,0010) OW ").append(pixels).append('\n');
        }
        Dcmtk.dump2dcm(dump.toString(), temp, temp.resolve("data").resolve(SPOOL_PATH));
    }

    private void sendIngest() throws Exception {
        FlowPeers.sendIngest(
                connection,
                SPOOL_PATH,
                Map.of(ObjectHeaders.MODALITY, "OT", ObjectHeaders.SOP_INSTANCE_UID, SOURCE_UID));
    }

    private int receivedCount() {
        return storescp.received().size();
    }

    private Path received(String sopInstanceUid) throws Exception {
        for (Path file : storescp.received()) {
            if (dcmdump(file).contains(sopInstanceUid)) {
                return file;
            }
        }
        throw new AssertionError("no received object has SOP Instance UID " + sopInstanceUid);
    }

    private static String dcmdump(Path file) {
        return Dcmtk.dcmdump(file);
    }

    private static void await(BooleanSupplier condition, String what) {
        Waits.until(what, Duration.ofSeconds(90), 25, condition, () -> "");
    }

    /** gateway.deblur.* as application.properties sets it, with the weights of the checkout. */
    private record TestDeblurConfig(Path weights) implements DeblurConfig {
        public int workers() {
            return 1;
        }

        public int assemblers() {
            return 1;
        }

        public String defaultModel() {
            return "rdsam-lite";
        }

        public Optional<Path> weightsDir() {
            return Optional.of(weights);
        }

        public ComputeDevice device() {
            return ComputeDevice.CPU;
        }

        public Precision precision() {
            return Precision.FP32;
        }

        public int threads() {
            return 0;
        }

        public int tileSize() {
            return 512;
        }

        public int tileOverlap() {
            return 32;
        }

        public int tileBatch() {
            return 4;
        }

        public long maxFramePixels() {
            return 36_000_000;
        }

        public long maxInstancePixels() {
            return 268_435_456;
        }

        public Duration decoderTimeout() {
            return Duration.ofSeconds(60);
        }

        public String seriesDescriptionSuffix() {
            return " DEBLURRED";
        }

        public int seriesNumberOffset() {
            return 1000;
        }

        public ContentQualification contentQualification() {
            return ContentQualification.RESEARCH;
        }

        public String manufacturer() {
            return "Deblur Gateway project";
        }

        public Duration finishedJobRetention() {
            return Duration.ofHours(24);
        }

        public int maxFrameAttempts() {
            return MAX_FRAME_ATTEMPTS;
        }

        public Optional<String> workerName() {
            return Optional.of("flow-test");
        }
    }
}
