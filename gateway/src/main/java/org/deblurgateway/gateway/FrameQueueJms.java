package org.deblurgateway.gateway;

import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.component.jms.JmsComponent;
import org.deblurgateway.routes.deblur.FrameWorkerRoute;

/**
 * The JMS component of the frame workers: the same broker as every other route, but consumers that prefetch nothing
 * (consumerWindowSize 0), so each frame goes to a worker that is free rather than queueing behind a busy one. Set
 * here, whatever URL an administrator gives, and only here: the other queues keep the client's prefetch.
 */
@ApplicationScoped
public class FrameQueueJms {

    @Produces
    @Singleton
    @Unremovable // looked up by name from the worker route's endpoint URIs
    @Named(FrameWorkerRoute.JMS_COMPONENT)
    JmsComponent frameQueueComponent(BrokerAccess access) {
        ActiveMQConnectionFactory connectionFactory = access.newConnectionFactory();
        connectionFactory.setConsumerWindowSize(0);
        JmsComponent jms = new JmsComponent();
        jms.setConnectionFactory(connectionFactory);
        return jms;
    }
}
