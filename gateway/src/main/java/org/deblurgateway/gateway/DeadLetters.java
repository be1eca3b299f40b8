package org.deblurgateway.gateway;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.jms.BytesMessage;
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
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.deblurgateway.routes.Queues;
import org.deblurgateway.routes.messages.FrameId;
import org.deblurgateway.routes.messages.FrameResult;
import org.deblurgateway.routes.messages.FrameTask;
import org.deblurgateway.routes.messages.IngestMessage;
import org.deblurgateway.routes.messages.ObjectHeaders;
import org.deblurgateway.routes.messages.OutboundMessage;
import org.deblurgateway.routes.messages.QueueMessage;
import org.deblurgateway.routes.spool.OutboundSpool;
import org.jboss.logging.Logger;

/**
 * Every dead-letter queue ({@link DeadLetterQueues}): how many messages wait, the first of them as the routes'
 * message codecs read them, re-driving them to the work queue they came from, and deleting them for good. An
 * outbound send is re-driven as a first attempt; its object file stays in the outbound spool while it is
 * dead-lettered, and goes with it when it is deleted.
 */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    /** Destination names as the rules file allows them; anything else cannot name a destination. */
    private static final Pattern DESTINATION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** Artemis' property naming the address a dead-lettered message was sent to. */
    private static final String ORIGINAL_ADDRESS = "_AMQ_ORIG_ADDRESS";
    /** The last message has arrived when the queue stays quiet this long. */
    private static final long QUIET_MILLIS = 500;

    private static final int COMMIT_EVERY = 100;

    /**
     * One dead-lettered message.
     *
     * @param item        the SOP Instance UID of an object, or the job and frame of a frame
     * @param destination the destination of an outbound send, "" for other messages
     */
    public record DeadLetter(
            String queue,
            String item,
            String destination,
            String modality,
            int attempts,
            String lastStatus,
            String lastError,
            Instant deadLetteredAt) {}

    private final ConnectionFactory connectionFactory;
    private final BrokerQueueNames queueNames;
    private final OutboundSpool spool;

    public DeadLetters(ConnectionFactory connectionFactory, BrokerQueueNames queueNames, OutboundSpool spool) {
        this.connectionFactory = connectionFactory;
        this.queueNames = queueNames;
        this.spool = spool;
    }

    /** Messages per dead-letter queue, every queue listed (0 when empty or not created yet). */
    public Map<String, Integer> countByQueue() throws JMSException {
        Map<String, Integer> counts = new LinkedHashMap<>();
        Set<String> existing = queueNames.existing();
        try (Connection connection = connectionFactory.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            for (String queue : DeadLetterQueues.ALL) {
                counts.put(
                        queue,
                        existing.contains(queue)
                                ? browse(session, DeadLetterQueues.jmsName(queue), null)
                                        .size()
                                : 0);
            }
        }
        return counts;
    }

    /** Dead-lettered outbound sends per destination (of both outbound dead-letter queues). */
    public Map<String, Integer> countByDestination() throws JMSException {
        Map<String, Integer> counts = new TreeMap<>();
        Set<String> existing = queueNames.existing();
        try (Connection connection = connectionFactory.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            for (String queue : DeadLetterQueues.OUTBOUND_SENDS) {
                if (existing.contains(queue)) {
                    for (Message message : browse(session, DeadLetterQueues.jmsName(queue), null)) {
                        String destination = message.getStringProperty(ObjectHeaders.DESTINATION);
                        counts.merge(destination == null ? "(none)" : destination, 1, Integer::sum);
                    }
                }
            }
        }
        return counts;
    }

    /** The first {@code limit} dead letters, queue by queue. */
    public List<DeadLetter> first(int limit) throws JMSException {
        List<DeadLetter> letters = new ArrayList<>();
        Set<String> existing = queueNames.existing();
        try (Connection connection = connectionFactory.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            for (String queue : DeadLetterQueues.ALL) {
                if (!existing.contains(queue)) {
                    continue;
                }
                QueueBrowser browser = session.createBrowser(session.createQueue(DeadLetterQueues.jmsName(queue)));
                Enumeration<?> messages = browser.getEnumeration();
                while (messages.hasMoreElements() && letters.size() < limit) {
                    letters.add(describe(queue, (Message) messages.nextElement()));
                }
                browser.close();
            }
        }
        return letters;
    }

    /**
     * Moves the dead-lettered outbound sends of {@code destination} (all when empty) back to the outbound queue as
     * first attempts, committing as it goes so a crash midway leaves each message in exactly one queue.
     *
     * @return how many were moved
     * @throws IllegalArgumentException when {@code destination} is not a possible destination name
     */
    public int redrive(Optional<String> destination) throws JMSException {
        destination.ifPresent(DeadLetters::requireDestinationName);
        String selector = destination
                .map(name -> ObjectHeaders.DESTINATION + " = '" + name + "'")
                .orElse(null);
        int moved = 0;
        Set<String> existing = queueNames.existing();
        for (String queue : DeadLetterQueues.OUTBOUND_SENDS) {
            if (existing.contains(queue)) {
                moved += move(queue, selector);
            }
        }
        LOG.infof(
                "DGW-ADM-001 re-drove %d dead-lettered send(s) of %s to %s",
                moved, destination.map(name -> "destination " + name).orElse("all destinations"), Queues.OUTBOUND);
        return moved;
    }

    /**
     * Moves every message of a dead-letter queue back to the work queue it came from (outbound sends as first
     * attempts).
     *
     * @throws IllegalArgumentException when {@code queue} is not one of {@link DeadLetterQueues#ALL}
     */
    public int redriveQueue(String queue) throws JMSException {
        String origin = requireDeadLetterQueue(queue);
        int moved = queueNames.existing().contains(queue) ? move(queue, null) : 0;
        LOG.infof("DGW-ADM-002 re-drove %d dead letter(s) of %s to %s", moved, queue, origin);
        return moved;
    }

    /**
     * Deletes the dead-lettered outbound sends of one destination for good, each with its outbound copy (other
     * destinations keep their own copies).
     *
     * @return how many sends were deleted
     */
    public int delete(String destination) throws JMSException, IOException {
        requireDestinationName(destination);
        int deleted = 0;
        Set<String> existing = queueNames.existing();
        for (String queue : DeadLetterQueues.OUTBOUND_SENDS) {
            if (existing.contains(queue)) {
                deleted += purge(queue, ObjectHeaders.DESTINATION + " = '" + destination + "'");
            }
        }
        LOG.infof("DGW-CON-020 deleted %d dead-lettered send(s) of destination %s", deleted, destination);
        return deleted;
    }

    /**
     * Deletes every message of a dead-letter queue for good (an outbound send with its outbound copy). A received
     * object's file stays in the receive spool: the same name may already hold a newer copy of the instance.
     */
    public int deleteQueue(String queue) throws JMSException, IOException {
        requireDeadLetterQueue(queue);
        int deleted = queueNames.existing().contains(queue) ? purge(queue, null) : 0;
        LOG.infof("DGW-CON-021 deleted %d dead letter(s) of %s", deleted, queue);
        return deleted;
    }

    /**
     * Deletes the outbound sends dead-lettered before {@code cutoff} (both outbound dead-letter queues), each with
     * its outbound copy: the retention of given-up sends.
     */
    public int deleteSendsOlderThan(Instant cutoff) throws JMSException, IOException {
        int deleted = 0;
        Set<String> existing = queueNames.existing();
        for (String queue : DeadLetterQueues.OUTBOUND_SENDS) {
            if (existing.contains(queue)) {
                deleted += purge(queue, "JMSTimestamp < " + cutoff.toEpochMilli());
            }
        }
        return deleted;
    }

    private int move(String queue, String selector) throws JMSException {
        int moved = 0;
        try (Connection connection = connectionFactory.createConnection()) {
            connection.start();
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageConsumer consumer =
                    session.createConsumer(session.createQueue(DeadLetterQueues.jmsName(queue)), selector);
            Map<String, MessageProducer> producers = new TreeMap<>();
            Message dead;
            while ((dead = consumer.receive(QUIET_MILLIS)) != null) {
                String origin = originOf(queue, dead);
                MessageProducer producer = producers.get(origin);
                if (producer == null) {
                    producer = session.createProducer(session.createQueue(origin));
                    producer.setDeliveryMode(DeliveryMode.PERSISTENT);
                    producers.put(origin, producer);
                }
                producer.send(again(session, origin, dead));
                if (++moved % COMMIT_EVERY == 0) {
                    session.commit();
                }
            }
            session.commit();
        }
        return moved;
    }

    private int purge(String queue, String selector) throws JMSException, IOException {
        int deleted = 0;
        try (Connection connection = connectionFactory.createConnection()) {
            connection.start();
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageConsumer consumer =
                    session.createConsumer(session.createQueue(DeadLetterQueues.jmsName(queue)), selector);
            Message dead;
            while ((dead = consumer.receive(QUIET_MILLIS)) != null) {
                if (Queues.OUTBOUND.equals(originOf(queue, dead))) {
                    deleteOutboundCopy(dead);
                }
                session.commit(); // one at a time: a crash leaves at most a message whose file is already gone
                deleted++;
            }
        }
        return deleted;
    }

    private void deleteOutboundCopy(Message dead) throws JMSException, IOException {
        String spoolPath = OutboundMessage.decode(JmsProperties.read(dead)).spoolPath();
        if (spoolPath == null) {
            return;
        }
        try {
            spool.delete(spoolPath);
        } catch (IllegalArgumentException e) {
            LOG.warnf("DGW-CON-022 dead letter names no outbound copy to delete: %s", e.getMessage());
        }
    }

    /**
     * The message as its work queue's step first saw it, through that queue's codec; an outbound send without its
     * history. A message the codec cannot read goes back as it is (the step will refuse it again, nothing is lost).
     */
    private static Message again(Session session, String origin, Message dead) throws JMSException {
        Map<String, Object> properties = JmsProperties.read(dead);
        try {
            QueueMessage content = switch (origin) {
                case Queues.OUTBOUND -> OutboundMessage.decode(properties).asFirstAttempt();
                case Queues.INGEST -> IngestMessage.decode(properties);
                case Queues.DEBLUR_FRAMES -> FrameTask.decode(properties, bytesOf(dead));
                case Queues.DEBLUR_RESULTS -> FrameResult.decode(properties, bytesOf(dead));
                default -> null;
            };
            if (content != null) {
                return toJms(session, content.headers(), content.body());
            }
        } catch (IllegalArgumentException e) {
            LOG.warnf("DGW-ADM-003 dead letter of %s is not readable (%s); re-driven as it is", origin, e.getMessage());
        }
        String group = dead.getStringProperty("JMSXGroupID");
        if (group != null) {
            properties.put("JMSXGroupID", group);
        }
        return toJms(session, properties, dead instanceof TextMessage text ? text.getText() : bytesOf(dead));
    }

    private static Message toJms(Session session, Map<String, Object> headers, Object body) throws JMSException {
        Message message;
        if (body instanceof byte[] bytes) {
            BytesMessage bytesMessage = session.createBytesMessage();
            bytesMessage.writeBytes(bytes);
            message = bytesMessage;
        } else {
            message = session.createTextMessage(body == null ? null : body.toString());
        }
        JmsProperties.write(headers, message);
        return message;
    }

    private static byte[] bytesOf(Message message) throws JMSException {
        if (!(message instanceof BytesMessage bytes)) {
            return new byte[0];
        }
        bytes.reset();
        byte[] body = new byte[(int) bytes.getBodyLength()];
        bytes.readBytes(body);
        return body;
    }

    /** The outbound send, object or frame a dead letter holds, as its work queue's codec reads it. */
    private static DeadLetter describe(String queue, Message message) throws JMSException {
        Map<String, Object> properties = JmsProperties.read(message);
        Instant at = Instant.ofEpochMilli(message.getJMSTimestamp());
        int deliveries = message.propertyExists("JMSXDeliveryCount") ? message.getIntProperty("JMSXDeliveryCount") : 0;
        try {
            return switch (originOf(queue, message)) {
                case Queues.OUTBOUND -> {
                    OutboundMessage send = OutboundMessage.decode(properties);
                    yield new DeadLetter(
                            queue,
                            orEmpty(send.object().sopInstanceUid()),
                            orEmpty(send.destination()),
                            orEmpty(send.object().modality()),
                            send.attempts(),
                            orEmpty(send.lastStatus()),
                            orEmpty(send.lastError()),
                            at);
                }
                case Queues.INGEST -> {
                    IngestMessage received = IngestMessage.decode(properties);
                    yield new DeadLetter(
                            queue,
                            orEmpty(received.object().sopInstanceUid()),
                            "",
                            orEmpty(received.object().modality()),
                            deliveries,
                            "",
                            "",
                            at);
                }
                case Queues.DEBLUR_FRAMES, Queues.DEBLUR_RESULTS -> {
                    FrameId frame = FrameId.decode(properties);
                    yield new DeadLetter(
                            queue,
                            "job " + frame.job() + " frame " + (frame.index() + 1),
                            "",
                            "",
                            deliveries,
                            "",
                            "",
                            at);
                }
                default -> new DeadLetter(queue, "", "", "", deliveries, "", "", at);
            };
        } catch (IllegalArgumentException e) {
            return new DeadLetter(queue, "(unreadable: " + e.getMessage() + ")", "", "", deliveries, "", "", at);
        }
    }

    /** Where a dead letter goes back to: the address the broker recorded, else its queue's work queue. */
    private static String originOf(String queue, Message message) throws JMSException {
        String recorded = message.getStringProperty(ORIGINAL_ADDRESS);
        if (recorded != null && DeadLetterQueues.ALL.contains(DeadLetterQueues.brokerDeadLetter(recorded))) {
            return recorded;
        }
        return DeadLetterQueues.origin(queue).orElseThrow();
    }

    private static List<Message> browse(Session session, String jmsName, String selector) throws JMSException {
        QueueBrowser browser = session.createBrowser(session.createQueue(jmsName), selector);
        try {
            @SuppressWarnings("unchecked")
            Enumeration<Message> messages = browser.getEnumeration();
            return Collections.list(messages);
        } finally {
            browser.close();
        }
    }

    private static void requireDestinationName(String name) {
        if (name == null || !DESTINATION.matcher(name).matches()) {
            throw new IllegalArgumentException("not a destination name: '" + name + "'");
        }
    }

    private static String requireDeadLetterQueue(String queue) {
        return DeadLetterQueues.origin(queue)
                .orElseThrow(() -> new IllegalArgumentException("not a dead-letter queue: '" + queue + "' (known: "
                        + String.join(", ", DeadLetterQueues.ALL) + ")"));
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
