package org.deblurgateway.routes.flow;

import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import jakarta.jms.ConnectionFactory;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.component.jms.JmsComponent;
import org.deblurgateway.routes.deblur.FrameWorkerRoute;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The JMS beans the application module binds in the gateway, here on {@link FlowBrokerResource}'s broker: the
 * connection factory Camel's JMS component finds by type, and the frame workers' component without prefetch.
 */
@ApplicationScoped
public class FlowJms {

    /** The broker's URL, set by {@link FlowBrokerResource}. */
    static final String BROKER_URL = "flow-test.broker-url";

    @Produces
    @Singleton
    @Unremovable // found by type by Camel's JMS component
    ConnectionFactory connectionFactory(@ConfigProperty(name = BROKER_URL) String url) {
        return new ActiveMQConnectionFactory(url);
    }

    void close(@Disposes ConnectionFactory factory) {
        ((ActiveMQConnectionFactory) factory).close();
    }

    @Produces
    @Singleton
    @Unremovable // looked up by name from the worker route's endpoint URIs
    @Named(FrameWorkerRoute.JMS_COMPONENT)
    JmsComponent frameQueueComponent(@ConfigProperty(name = BROKER_URL) String url) {
        ActiveMQConnectionFactory connectionFactory = new ActiveMQConnectionFactory(url);
        connectionFactory.setConsumerWindowSize(0);
        JmsComponent jms = new JmsComponent();
        jms.setConnectionFactory(connectionFactory);
        return jms;
    }
}
