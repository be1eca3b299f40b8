package org.deblurgateway.routes.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.deblurgateway.routes.messages.ObjectHeaders;
import org.deblurgateway.testsupport.Dcmtk;
import org.deblurgateway.testsupport.Storescp;
import org.deblurgateway.testsupport.Waits;
import org.junit.jupiter.api.Test;

/**
 * A corrected re-send of an instance (same SOP Instance UID, new content) placed into the outbound spool while the
 * first copy is still being sent: the first copy's delivery must delete only its own file, and the re-send must
 * reach the destination too. The destination (dcmtk storescp) holds its C-STORE response for 3 s, which keeps the
 * first send in flight while the re-send is placed; one sender (gateway.forward.concurrent-consumers=1), so the
 * re-send's forward comes strictly after.
 */
@QuarkusTest
@WithTestResource(value = FlowBrokerResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class OutboundResendRaceTest extends FlowTest {

    private static final String UID = "1.2.826.0.1.3680043.10.543.71";
    private static final String SPOOL_PATH = "spool/incoming/" + UID + ".dcm";

    @Test
    void resend_placedWhileFirstCopyIsBeingSent_bothDeliveredNothingLeft() throws Exception {
        Storescp storescp = startPacs("+uf", "--sleep-during", "3");
        pipeline.rules(passRules(storescp.port()));
        Path dataDir = pipeline.dataDir();
        Path incoming = dataDir.resolve(SPOOL_PATH);

        writeObject(incoming, "FIRST-VERSION");
        announce(1_000);
        await(() -> !Files.exists(incoming), "first copy placed for the destination");

        writeObject(incoming, "CORRECTED-VERSION");
        announce(2_000);
        await(() -> !Files.exists(incoming), "re-send placed for the destination");
        assertEquals(0, statistics.deliveredCount(), "the re-send was placed while the first send was in flight");

        await(() -> statistics.deliveredCount() + statistics.alreadyProcessedCount() == 2, "both forwards done");
        assertEquals(
                0, statistics.alreadyProcessedCount(), "no copy found gone: the first delivery deleted only its own");
        List<String> received = storescp.received().stream().map(Dcmtk::dcmdump).toList();
        assertEquals(2, received.size(), "the destination got both versions");
        assertTrue(
                received.stream().anyMatch(dump -> dump.contains("CORRECTED-VERSION")),
                "the corrected version reached the destination");
        try (var left = Files.list(dataDir.resolve("outbound/pacs"))) {
            assertEquals(
                    List.of(),
                    left.filter(p -> !p.getFileName().toString().startsWith("."))
                            .toList(),
                    "every delivered copy is gone from the outbound spool");
        }
    }

    /** What the listener does for each C-STORE of the instance: the receive spool names the file by its UID. */
    private void writeObject(Path file, String version) {
        writeObject(file, "1.2.840.10008.5.1.4.1.1.7", UID, version);
    }

    /** The listener's announcement of one receipt, committed at {@code receivedAt} (epoch ms). */
    private void announce(long receivedAt) throws Exception {
        queues.sendIngest(
                SPOOL_PATH,
                Map.of(
                        ObjectHeaders.MODALITY,
                        "OT",
                        ObjectHeaders.SOP_CLASS_UID,
                        "1.2.840.10008.5.1.4.1.1.7",
                        ObjectHeaders.SOP_INSTANCE_UID,
                        UID,
                        ObjectHeaders.RECEIVED_AT,
                        Long.toString(receivedAt)));
    }

    private static void await(BooleanSupplier condition, String what) {
        Waits.until(what, Duration.ofSeconds(30), 25, condition, () -> "");
    }
}
