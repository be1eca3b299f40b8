package org.deblurgateway.gateway;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.jms.ConnectionFactory;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * The JMS connection factory of every route and bean except the frame workers ({@link FrameQueueJms}): the broker of
 * {@link BrokerAccess} with this process's login. Camel's JMS component finds it by type.
 */
@ApplicationScoped
public class BrokerConnectionFactory {

    @Produces
    @ApplicationScoped
    ConnectionFactory connectionFactory(BrokerAccess access) {
        return access.newConnectionFactory();
    }

    void close(@Disposes ConnectionFactory factory) {
        if (factory instanceof ActiveMQConnectionFactory artemis) {
            artemis.close();
        }
    }
}
