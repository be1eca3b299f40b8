package org.deblurgateway.gateway;

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
 * Requests to Artemis' management address over JMS on one connection: the same for the embedded broker and an
 * external one, and nothing browsed. Opened per use by the readers of the broker's queues (the dead-letter tools,
 * the queue depths of the Overview page and the metrics).
 */
public final class BrokerManagement implements AutoCloseable {

    private static final String ADDRESS = "activemq.management";

    private final Connection connection;
    private final Session session;
    private final MessageProducer producer;
    private final MessageConsumer consumer;
    private final TemporaryQueue replies;
    private final long answerTimeoutMillis;

    private BrokerManagement(Connection connection, long answerTimeoutMillis) throws JMSException {
        this.connection = connection;
        this.answerTimeoutMillis = answerTimeoutMillis;
        connection.start();
        this.session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        this.replies = session.createTemporaryQueue();
        this.producer = session.createProducer(session.createQueue(ADDRESS));
        this.consumer = session.createConsumer(replies);
    }

    /** A connection for a few requests; each waits at most {@code answerTimeoutMillis} for its answer. */
    public static BrokerManagement open(ConnectionFactory connectionFactory, long answerTimeoutMillis)
            throws JMSException {
        Connection connection = connectionFactory.createConnection();
        try {
            return new BrokerManagement(connection, answerTimeoutMillis);
        } catch (JMSException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /**
     * The queues the broker has. A queue is created on first use, so one that is missing holds nothing; asking keeps
     * "not created" apart from "refused" and lets the dead-letter tools avoid creating a queue by looking into it.
     */
    public Set<String> queueNames() throws JMSException {
        Set<String> names = new HashSet<>();
        for (Object name : (Object[]) attribute(ResourceNames.BROKER, "queueNames")) {
            names.add(String.valueOf(name));
        }
        return names;
    }

    public Object attribute(String resource, String attribute) throws JMSException {
        Message request = session.createMessage();
        JMSManagementHelper.putAttribute(request, resource, attribute);
        return answer(request, resource, attribute);
    }

    /** Calls a management operation without parameters. */
    public Object invoke(String resource, String operation) throws JMSException {
        Message request = session.createMessage();
        try {
            JMSManagementHelper.putOperationInvocation(request, resource, operation);
        } catch (Exception e) {
            throw new JMSException("cannot ask " + resource + " " + operation + ": " + e);
        }
        return answer(request, resource, operation);
    }

    private Object answer(Message request, String resource, String what) throws JMSException {
        request.setJMSReplyTo(replies);
        producer.send(request);
        Message reply = consumer.receive(answerTimeoutMillis);
        if (reply == null) {
            throw new JMSException("no answer from " + ADDRESS + " within " + answerTimeoutMillis + " ms");
        }
        Object result;
        try {
            result = JMSManagementHelper.getResult(reply);
        } catch (Exception e) {
            throw new JMSException("unreadable answer from " + ADDRESS + " to " + resource + " " + what + ": " + e);
        }
        if (!JMSManagementHelper.hasOperationSucceeded(reply)) {
            throw new JMSException("broker refused " + resource + " " + what + ": " + result);
        }
        return result;
    }

    @Override
    public void close() throws JMSException {
        connection.close();
    }
}
