package org.deblurgateway.routes.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.util.Map;
import org.deblurgateway.routes.Queues;
import org.junit.jupiter.api.Test;

/**
 * What one flow test leaves on the broker does not reach the next: a retry scheduled for later (as the outbound
 * route's backoff leaves one when a test ends early) and a dead letter are both gone after {@link FlowPipeline#reset()}.
 */
@QuarkusTest
@WithTestResource(value = FlowBrokerResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class FlowPipelineResetTest extends FlowTest {

    @Test
    void reset_removesScheduledRetriesAndDeadLetters() throws Exception {
        try (Session session = queues.connection().createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            MessageProducer producer = session.createProducer(session.createQueue(Queues.OUTBOUND));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            producer.setDeliveryDelay(3_600_000);
            producer.send(session.createTextMessage("a retry due in an hour"));
        }
        queues.send(FlowBrokerResource.DLA, "a dead letter", Map.of());
        assertEquals(1, queues.messageCount(Queues.OUTBOUND), "scheduled retry waiting");
        assertEquals(1, queues.messageCount(FlowBrokerResource.DLA), "dead letter waiting");

        pipeline.reset();

        assertEquals(0, queues.messageCount(Queues.OUTBOUND), "scheduled retry removed");
        assertEquals(0, queues.messageCount(FlowBrokerResource.DLA), "dead letter removed");
    }
}
