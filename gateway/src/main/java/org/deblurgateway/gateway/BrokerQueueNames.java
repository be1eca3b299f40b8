package org.deblurgateway.gateway;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import java.util.Set;

/**
 * The queues the broker has, asked of Artemis' management address. Opening a consumer or browser on a queue the
 * broker lacks creates it, and a {@code DLQ.<queue>} created that way (on its own address) would take the place of
 * the one the broker creates for dead letters: so the dead-letter tools look only into queues that exist.
 */
@ApplicationScoped
public class BrokerQueueNames {

    private static final long ANSWER_TIMEOUT_MILLIS = 5_000;

    private final ConnectionFactory connectionFactory;

    public BrokerQueueNames(ConnectionFactory connectionFactory) {
        this.connectionFactory = connectionFactory;
    }

    public Set<String> existing() throws JMSException {
        try (BrokerManagement management = BrokerManagement.open(connectionFactory, ANSWER_TIMEOUT_MILLIS)) {
            return management.queueNames();
        }
    }
}
