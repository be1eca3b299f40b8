package org.deblurgateway.routes.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.deblurgateway.dicom.derived.DerivedUids;
import org.deblurgateway.routes.deblur.DeblurConfig;
import org.deblurgateway.routes.deblur.DeblurJobStore;
import org.deblurgateway.routes.deblur.DeblurModels;
import org.deblurgateway.routes.forward.OutboundRoute;
import org.deblurgateway.routes.messages.CamelMessages;
import org.deblurgateway.routes.messages.FrameHeaders;
import org.deblurgateway.routes.messages.FrameId;
import org.deblurgateway.routes.messages.FrameResult;
import org.deblurgateway.routes.messages.ObjectHeaders;
import org.deblurgateway.testsupport.Dcmtk;
import org.deblurgateway.testsupport.Storescp;
import org.deblurgateway.testsupport.Waits;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The deblur action end to end in the routes' application: a real broker (embedded Artemis), the shipped rdsam-lite
 * network, dcmtk's storescp as the destination. Frames go through the worker and result queues; the derived
 * instance and (per rule) the original arrive once.
 */
@QuarkusTest
@WithTestResource(value = FlowBrokerResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class DeblurFlowTest extends FlowTest {

    private static final String SOURCE_UID = "1.2.826.0.1.3680043.10.543.11";
    private static final String SPOOL_PATH = "spool/incoming/" + SOURCE_UID + ".dcm";

    @Inject
    DeblurModels models;

    @Inject
    DeblurJobStore jobs;

    /** gateway.deblur.max-frame-attempts is 2 here: below the broker's max-delivery-attempts (3), as it must be. */
    @Inject
    DeblurConfig deblurConfig;

    private Storescp storescp;

    @BeforeEach
    void requireModel() {
        assumeTrue(models.catalog().has("rdsam-lite"), "model/weights/rdsam-lite missing");
    }

    @Test
    void deblur_multiFrame_derivedInstanceAndOriginalDeliveredOnce() throws Exception {
        storescp = startPacs();
        pipeline.rules(rules(storescp.port(), ""));

        writeObject(3, "MONOCHROME2");
        sendIngest();

        await(() -> receivedCount() == 2, "original and derived instance at the destination");
        String derivedUid = DerivedUids.instanceUid(SOURCE_UID, "rdsam-lite");
        String derived = Dcmtk.dcmdump(received(derivedUid));
        assertTrue(derived.contains("DERIVED\\SECONDARY"), derived);
        assertTrue(derived.contains("(0028,0008) IS [3]"), "three frames: " + derived);
        assertTrue(derived.contains("DEBLUR GATEWAY"), "private quality block");
        assertEquals(3, statistics.framesDeblurredCount());
        assertEquals(1, statistics.derivedInstanceCount());
        Thread.sleep(500);
        assertEquals(2, storescp.received().size(), "nothing sent twice");
        assertFalse(Files.exists(pipeline.dataDir().resolve(SPOOL_PATH)), "received file released");
        assertTrue(jobs.assembled(derivedUid).isPresent(), "job marked assembled");
        assertFalse(Files.exists(jobs.source(derivedUid)), "job's source link released");
    }

    @Test
    void deblur_monochrome1WithoutOriginal_onlyDerivedInstanceDelivered() throws Exception {
        storescp = startPacs();
        pipeline.rules(rules(storescp.port(), "    forward-original: false\n"));

        writeObject(1, "MONOCHROME1");
        sendIngest();

        await(() -> statistics.deliveredCount() == 1, "derived instance delivered");
        Thread.sleep(500);
        assertEquals(1, storescp.received().size());
        String derived = Dcmtk.dcmdump(storescp.received().get(0));
        assertTrue(derived.contains("MONOCHROME1"), "photometric kept: " + derived);
        assertTrue(derived.contains(DerivedUids.instanceUid(SOURCE_UID, "rdsam-lite")));
    }

    @Test
    void deblur_sharperThanRuleThreshold_forwardedUnchanged() throws Exception {
        storescp = startPacs();
        pipeline.rules(rules(storescp.port(), "    min-blur-score: 0.99\n"));

        writeObject(1, "MONOCHROME2");
        sendIngest();

        await(() -> statistics.deliveredCount() == 1, "original delivered");
        Thread.sleep(500);
        assertEquals(Map.of("below-blur-threshold", 1L), statistics.passedThroughCounts());
        assertEquals(0, statistics.framesDeblurredCount());
        assertTrue(Dcmtk.dcmdump(storescp.received().get(0)).contains(SOURCE_UID));
    }

    @Test
    void deblur_objectWithoutPixels_passedThroughWithReason() throws Exception {
        storescp = startPacs();
        pipeline.rules(rules(storescp.port(), ""));

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
        storescp = startPacs();
        pipeline.rules(rules(storescp.port(), "    forward-original: false\n"));
        AtomicBoolean failed = new AtomicBoolean();
        hooks.assembleAtEnd(exchange -> {
            List<?> copies = exchange.getProperty(OutboundRoute.MESSAGES, List.class);
            if (copies != null && !copies.isEmpty() && failed.compareAndSet(false, true)) {
                throw new IOException("injected failure after the derived instance's outbound sends");
            }
        });

        writeObject(2, "MONOCHROME2");
        sendIngest();

        await(() -> statistics.deliveredCount() == 1, "derived instance delivered after the redelivered result");
        Thread.sleep(1500);
        assertEquals(1, storescp.received().size(), "queued exactly once although the first assembly rolled back");
    }

    @Test
    void worker_networkFailsOnAFrame_originalForwardedInsteadOnce() throws Exception {
        storescp = startPacs();
        pipeline.rules(rules(storescp.port(), "    forward-original: false\n"));
        // The worker's answer for a frame the network cannot process (what FrameWorker sends on InferenceException).
        hooks.frameWork(exchange -> {
            FrameId frame = FrameId.decode(exchange.getMessage().getHeaders());
            CamelMessages.write(
                    exchange.getMessage(),
                    FrameResult.failed(frame.job(), frame.index(), "flow-test", "InferenceException: injected"));
        });

        writeObject(2, "MONOCHROME2");
        sendIngest();

        await(() -> statistics.deliveredCount() == 1, "original delivered instead of a derived instance");
        Thread.sleep(1500);
        assertEquals(1, storescp.received().size(), "the original once, although both frames failed");
        assertTrue(Dcmtk.dcmdump(storescp.received().get(0)).contains(SOURCE_UID));
        assertEquals(Map.of("network-failed", 1L), statistics.passedThroughCounts());
        assertEquals(0, statistics.derivedInstanceCount());
    }

    @Test
    void worker_crashesOnAFrameEveryTime_givenUpAfterMaxAttemptsAndOriginalForwardedOnce() throws Exception {
        storescp = startPacs();
        pipeline.rules(rules(storescp.port(), "    forward-original: false\n"));
        // Every attempt that reaches the network ends without a result and rolls back, as a worker crash would.
        AtomicInteger crashes = new AtomicInteger();
        hooks.frameWork(exchange -> {
            hooks.worker().process(exchange);
            if (exchange.getMessage().getHeader(FrameHeaders.FAILURE) == null) {
                crashes.incrementAndGet();
                throw new IllegalStateException("injected crash while deblurring");
            }
        });

        writeObject(1, "MONOCHROME2");
        sendIngest();

        await(() -> statistics.deliveredCount() == 1, "original delivered once the frame was given up");
        Thread.sleep(1000);
        assertEquals(deblurConfig.maxFrameAttempts(), crashes.get(), "tried max-frame-attempts times, then not again");
        assertEquals(1, storescp.received().size());
        assertTrue(Dcmtk.dcmdump(storescp.received().get(0)).contains(SOURCE_UID), "the original");
        assertEquals(Map.of("network-failed", 1L), statistics.passedThroughCounts());
        assertEquals(
                0, queues.count(FlowBrokerResource.DLA), "given up by the worker before the broker dead-letters it");
    }

    private static String rules(int port, String extraRuleKeys) {
        return "destinations:\n  pacs: {ae-title: PACS, host: 127.0.0.1, port: " + port + "}\n"
                + "rules:\n  - name: deblur-all\n    action: deblur\n    model: rdsam-lite\n" + extraRuleKeys
                + "    destinations: [pacs]\n";
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
        Dcmtk.dump2dcm(dump.toString(), temp, pipeline.dataDir().resolve(SPOOL_PATH));
    }

    private void sendIngest() throws Exception {
        queues.sendIngest(SPOOL_PATH, Map.of(ObjectHeaders.MODALITY, "OT", ObjectHeaders.SOP_INSTANCE_UID, SOURCE_UID));
    }

    private int receivedCount() {
        return storescp.received().size();
    }

    private Path received(String sopInstanceUid) throws Exception {
        for (Path file : storescp.received()) {
            if (Dcmtk.dcmdump(file).contains(sopInstanceUid)) {
                return file;
            }
        }
        throw new AssertionError("no received object has SOP Instance UID " + sopInstanceUid);
    }

    private static void await(BooleanSupplier condition, String what) {
        Waits.until(what, Duration.ofSeconds(90), 25, condition, () -> "");
    }
}
