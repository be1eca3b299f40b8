package org.deblurgateway.routes.flow;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;
import org.deblurgateway.routes.Queues;
import org.deblurgateway.routes.messages.ObjectHeaders;

/** What the flow tests do on the broker besides the routes: announce spooled objects, take and count messages. */
@Singleton
public class FlowQueues {

    private final ConnectionFactory connectionFactory;
    private Connection connection;

    public FlowQueues(ConnectionFactory connectionFactory) {
        this.connectionFactory = connectionFactory;
    }

    /** The tests' own connection, started. */
    public synchronized Connection connection() throws JMSException {
        if (connection == null) {
            connection = connectionFactory.createConnection();
            connection.start();
        }
        return connection;
    }

    /** The ingest message the listener publishes for a spooled object: its path plus the given headers. */
    public void sendIngest(String spoolPath, Map<String, String> headers) throws JMSException {
        Map<String, String> ingest = new HashMap<>(headers);
        ingest.put(ObjectHeaders.SPOOL_PATH, spoolPath);
        ingest.putIfAbsent(ObjectHeaders.CALLING_AE, "MODALITY");
        ingest.putIfAbsent(ObjectHeaders.CALLED_AE, "DEBLUR");
        send(Queues.INGEST, spoolPath, ingest);
    }

    /** A persistent text message {@code body} with the given string headers on {@code queue}. */
    public void send(String queue, String body, Map<String, String> headers) throws JMSException {
        try (Session session = connection().createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            MessageProducer producer = session.createProducer(session.createQueue(queue));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            TextMessage message = session.createTextMessage(body);
            for (Map.Entry<String, String> header : headers.entrySet()) {
                message.setStringProperty(header.getKey(), header.getValue());
            }
            producer.send(message);
        }
    }

    /** The next message on {@code queue}, taken off it; null when none comes within the time. */
    public Message receive(String queue, long timeoutMillis) throws JMSException {
        try (Session session = connection().createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageConsumer consumer = session.createConsumer(session.createQueue(queue))) {
            return consumer.receive(timeoutMillis);
        }
    }

    /** Messages waiting on {@code queue} (browsed, left there). */
    public int count(String queue) throws JMSException {
        try (Session session = connection().createSession(false, Session.AUTO_ACKNOWLEDGE);
                QueueBrowser browser = session.createBrowser(session.createQueue(queue))) {
            return Collections.list(browser.getEnumeration()).size();
        }
    }

    /**
     * Removes every message from {@code queue} that no consumer holds, scheduled redeliveries included (which a
     * consumer cannot take early), through the broker's own management operation; a queue not created yet holds
     * nothing.
     */
    void purge(String queue) throws Exception {
        if (Arrays.asList((Object[]) manage(ResourceNames.BROKER, null, "queueNames"))
                .contains(queue)) {
            manage(ResourceNames.QUEUE + queue, "removeAllMessages", null);
        }
    }

    /** Messages on {@code queue} as the broker counts them: waiting, scheduled and held by consumers. */
    long messageCount(String queue) throws Exception {
        return ((Number) manage(ResourceNames.QUEUE + queue, null, "messageCount")).longValue();
    }

    /** One management request: an operation without parameters, or else an attribute. */
    private Object manage(String resource, String operation, String attribute) throws Exception {
        try (Session session = connection().createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            Queue management = session.createQueue("activemq.management");
            TemporaryQueue replies = session.createTemporaryQueue();
            Message request = session.createMessage();
            if (operation != null) {
                JMSManagementHelper.putOperationInvocation(request, resource, operation);
            } else {
                JMSManagementHelper.putAttribute(request, resource, attribute);
            }
            request.setJMSReplyTo(replies);
            Message reply;
            try (MessageConsumer answers = session.createConsumer(replies)) {
                session.createProducer(management).send(request);
                reply = answers.receive(5_000);
            } finally {
                replies.delete();
            }
            if (reply == null || !JMSManagementHelper.hasOperationSucceeded(reply)) {
                throw new JMSException("broker management refused " + resource + " " + operation + attribute + ": "
                        + (reply == null ? "no answer" : JMSManagementHelper.getResult(reply)));
            }
            return JMSManagementHelper.getResult(reply);
        }
    }

    @PreDestroy
    synchronized void close() throws JMSException {
        if (connection != null) {
            connection.close();
        }
    }
}
