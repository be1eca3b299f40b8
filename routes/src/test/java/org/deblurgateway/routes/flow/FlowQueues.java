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
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
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

    /** Takes every message off {@code queue}. */
    void drain(String queue) throws JMSException {
        while (receive(queue, 50) != null) {
            // taken
        }
    }

    @PreDestroy
    synchronized void close() throws JMSException {
        if (connection != null) {
            connection.close();
        }
    }
}
