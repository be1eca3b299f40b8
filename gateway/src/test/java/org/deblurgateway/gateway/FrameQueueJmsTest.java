package org.deblurgateway.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.jms.Connection;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.component.jms.JmsComponent;
import org.deblurgateway.routes.deblur.FrameWorkerRoute;
import org.junit.jupiter.api.Test;

/** The frame workers' JMS component: found by the worker route's scheme, prefetching nothing, on the gateway's broker. */
@QuarkusTest
@TestProfile(IngestTestProfile.class)
class FrameQueueJmsTest {

    @Inject
    CamelContext camel;

    @Test
    void frameQueueComponent_defaultBrokerUrl_prefetchesNothingOnTheGatewaysBroker() throws Exception {
        JmsComponent jms = (JmsComponent) camel.getComponent(FrameWorkerRoute.JMS_COMPONENT, true);
        assertNotNull(jms, "component " + FrameWorkerRoute.JMS_COMPONENT + " bound from CDI");
        ActiveMQConnectionFactory factory = (ActiveMQConnectionFactory) jms.getConnectionFactory();
        assertEquals(
                0,
                factory.getConsumerWindowSize(),
                "set on the factory: the default URL carries no consumerWindowSize");
        try (Connection connection = factory.createConnection()) {
            connection.start(); // the embedded broker of this gateway
        }
    }
}
