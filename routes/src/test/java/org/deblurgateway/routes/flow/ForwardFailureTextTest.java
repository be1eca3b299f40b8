package org.deblurgateway.routes.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.jms.Message;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deblurgateway.routes.Queues;
import org.deblurgateway.routes.events.PipelineEvent;
import org.deblurgateway.routes.messages.ObjectHeaders;
import org.deblurgateway.testsupport.FreePorts;
import org.junit.jupiter.api.Test;

/**
 * A send that fails on a local file (here: not a DICOM file) is dead-lettered with a last error that says what
 * failed, and the trail's forward event says the same: neither names the server's paths (the log does).
 */
@QuarkusTest
@WithTestResource(value = FlowBrokerResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ForwardFailureTextTest extends FlowTest {

    @Inject
    RecordedEvents events;

    @Test
    void forward_unreadableOutboundFile_deadLetterAndTrailWithoutPaths() throws Exception {
        pipeline.rules(passRules(FreePorts.next()));
        Path file = pipeline.dataDir().resolve("outbound/pacs/1.2.3.0123456789abcdef0123.dcm");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "not a DICOM file");
        String spoolPath = pipeline.dataDir().relativize(file).toString();
        queues.send(
                Queues.OUTBOUND,
                spoolPath,
                Map.of(
                        ObjectHeaders.SPOOL_PATH,
                        spoolPath,
                        ObjectHeaders.DESTINATION,
                        "pacs",
                        ObjectHeaders.SOP_INSTANCE_UID,
                        "1.2.3"));

        Message dead = queues.receive(Queues.OUTBOUND_DEAD_LETTER, 20_000);

        assertNotNull(dead, "dead-lettered");
        String lastError = dead.getStringProperty(ObjectHeaders.LAST_ERROR);
        assertTrue(lastError.startsWith("LOCAL_ERROR"), lastError);
        assertFalse(lastError.contains("/"), "no path in the dead letter's last error: " + lastError);
        assertFalse(lastError.contains(pipeline.dataDir().toString()), lastError);
        List<String> reasons = events.all().stream()
                .filter(PipelineEvent.ForwardAttempted.class::isInstance)
                .map(e -> ((PipelineEvent.ForwardAttempted) e).error())
                .toList();
        assertEquals(1, reasons.size(), reasons.toString());
        assertFalse(reasons.get(0).contains("/"), "no path in the trail: " + reasons.get(0));
    }
}
