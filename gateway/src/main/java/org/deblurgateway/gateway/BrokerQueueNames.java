package org.deblurgateway.gateway;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import java.util.HashSet;
import java.util.Set;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;

/**
 * The queues the broker has, asked of Artemis' management address. Opening a consumer or browser on a queue the
 * broker lacks creates it, and a {@code DLQ.<queue>} created that way (on its own address) would take the place of
 * the one the broker creates for dead letters: so the dead-letter tools look only into queues that exist.
 */
@ApplicationScoped
public class BrokerQueueNames {

    private static final String MANAGEMENT_ADDRESS = "activemq.management";
    private static final long ANSWER_TIMEOUT_MILLIS = 5_000;

    private final ConnectionFactory connectionFactory;

    public BrokerQueueNames(ConnectionFactory connectionFactory) {
        this.connectionFactory = connectionFactory;
    }

    public Set<String> existing() throws JMSException {
        try (Connection connection = connectionFactory.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TemporaryQueue replies = session.createTemporaryQueue();
            MessageProducer producer = session.createProducer(session.createQueue(MANAGEMENT_ADDRESS));
            MessageConsumer consumer = session.createConsumer(replies);
            Message request = session.createMessage();
            request.setJMSReplyTo(replies);
            JMSManagementHelper.putAttribute(request, ResourceNames.BROKER, "queueNames");
            producer.send(request);
            Message reply = consumer.receive(ANSWER_TIMEOUT_MILLIS);
            if (reply == null) {
                throw new JMSException(
                        "no answer from " + MANAGEMENT_ADDRESS + " within " + ANSWER_TIMEOUT_MILLIS + " ms");
            }
            Object result;
            try {
                result = JMSManagementHelper.getResult(reply);
            } catch (Exception e) {
                throw new JMSException("unreadable answer from " + MANAGEMENT_ADDRESS + ": " + e);
            }
            if (!JMSManagementHelper.hasOperationSucceeded(reply)) {
                throw new JMSException("broker refused queueNames: " + result);
            }
            Set<String> names = new HashSet<>();
            for (Object name : (Object[]) result) {
                names.add(String.valueOf(name));
            }
            return names;
        }
    }
}
