package org.deblurgateway.gateway.metrics;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;
import org.jboss.logging.Logger;

/**
 * Messages waiting in the broker's queues, asked of Artemis' management address over JMS: the same request for the
 * embedded broker and an external one, one connection per refresh, and nothing browsed (a queue of 100,000
 * messages costs what an empty one does). The answer is kept for a moment so one scrape's gauges share it.
 */
@ApplicationScoped
public class BrokerQueueDepths {

    private static final Logger LOG = Logger.getLogger(BrokerQueueDepths.class);
    private static final String MANAGEMENT_ADDRESS = "activemq.management";
    private static final long FRESH_MILLIS = 2_000;
    private static final long ANSWER_TIMEOUT_MILLIS = 2_000;

    private final ConnectionFactory connectionFactory;
    private final List<String> queues;
    private Map<String, Long> counts = Map.of();
    private long countedAt = Long.MIN_VALUE;
    private boolean warned;

    public BrokerQueueDepths(ConnectionFactory connectionFactory) {
        this.connectionFactory = connectionFactory;
        this.queues = MonitoredQueues.ALL;
    }

    /** Messages in {@code queue} (0 for a queue the broker has not created yet); NaN when the broker does not answer. */
    public synchronized double messages(String queue) {
        long now = System.nanoTime() / 1_000_000;
        if (countedAt == Long.MIN_VALUE || now - countedAt > FRESH_MILLIS) {
            counts = count();
            countedAt = now;
        }
        Long n = counts.get(queue);
        return n == null ? Double.NaN : n;
    }

    private Map<String, Long> count() {
        Map<String, Long> result = new HashMap<>();
        try (Connection connection = connectionFactory.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue management = session.createQueue(MANAGEMENT_ADDRESS);
            TemporaryQueue replies = session.createTemporaryQueue();
            MessageProducer producer = session.createProducer(management);
            MessageConsumer consumer = session.createConsumer(replies);
            // A queue is created on first use: one the broker does not have yet holds nothing. Asking for the
            // names first keeps "not created" (0) apart from "refused" (NaN), e.g. no manage permission.
            Set<String> existing = new HashSet<>();
            for (Object name :
                    (Object[]) ask(session, producer, consumer, replies, ResourceNames.BROKER, "queueNames")) {
                existing.add(String.valueOf(name));
            }
            for (String queue : queues) {
                result.put(
                        queue,
                        existing.contains(queue)
                                ? ((Number) ask(
                                                session,
                                                producer,
                                                consumer,
                                                replies,
                                                ResourceNames.QUEUE + queue,
                                                "messageCount"))
                                        .longValue()
                                : 0L);
            }
            warned = false;
            return result;
        } catch (Exception e) {
            if (!warned) {
                LOG.warnf(
                        "DGW-MET-001 queue depths unavailable (gauges read NaN until the broker answers): %s",
                        e.toString());
                warned = true;
            }
            return Map.of();
        }
    }

    private static Object ask(
            Session session,
            MessageProducer producer,
            MessageConsumer consumer,
            TemporaryQueue replies,
            String resource,
            String attribute)
            throws Exception {
        Message request = session.createMessage();
        request.setJMSReplyTo(replies);
        JMSManagementHelper.putAttribute(request, resource, attribute);
        producer.send(request);
        Message reply = consumer.receive(ANSWER_TIMEOUT_MILLIS);
        if (reply == null) {
            throw new JMSException("no answer from " + MANAGEMENT_ADDRESS + " within " + ANSWER_TIMEOUT_MILLIS + " ms");
        }
        if (!JMSManagementHelper.hasOperationSucceeded(reply)) {
            throw new JMSException(
                    "broker refused " + resource + " " + attribute + ": " + JMSManagementHelper.getResult(reply));
        }
        return JMSManagementHelper.getResult(reply);
    }
}
