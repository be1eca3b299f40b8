package org.deblurgateway.gateway;

import jakarta.enterprise.context.ApplicationScoped;
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
import java.util.Enumeration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.deblurgateway.routes.messages.ObjectHeaders;
import org.deblurgateway.routes.messages.OutboundMessage;
import org.deblurgateway.routes.Queues;
import org.jboss.logging.Logger;

/**
 * The sends that used up their attempts ({@link Queues#OUTBOUND_DEAD_LETTER}): how many wait per destination, and
 * re-driving them to {@link Queues#OUTBOUND} as first attempts once the destination is back (the object files stay
 * in the outbound spool while a message is dead-lettered).
 */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    /** Destination names as the rules file allows them; anything else cannot name a destination. */
    private static final Pattern DESTINATION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** The last message has arrived when the queue stays quiet this long. */
    private static final long QUIET_MILLIS = 500;
    private static final int COMMIT_EVERY = 100;

    private final ConnectionFactory connectionFactory;

    public DeadLetters(ConnectionFactory connectionFactory) {
        this.connectionFactory = connectionFactory;
    }

    /** Dead-lettered sends per destination. */
    public Map<String, Integer> countByDestination() throws JMSException {
        Map<String, Integer> counts = new TreeMap<>();
        try (Connection connection = connectionFactory.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            QueueBrowser browser = session.createBrowser(session.createQueue(Queues.OUTBOUND_DEAD_LETTER));
            for (Message message : Collections.list((Enumeration<Message>) browser.getEnumeration())) {
                String destination = message.getStringProperty(ObjectHeaders.DESTINATION);
                counts.merge(destination == null ? "(none)" : destination, 1, Integer::sum);
            }
        }
        return counts;
    }

    /**
     * Moves the dead-lettered sends of {@code destination} (all when empty) back to the outbound queue with their
     * attempts reset, committing as it goes so a crash midway leaves each message in exactly one of the two queues.
     *
     * @return how many were moved
     * @throws IllegalArgumentException when {@code destination} is not a possible destination name
     */
    public int redrive(Optional<String> destination) throws JMSException {
        destination.ifPresent(name -> {
            if (!DESTINATION.matcher(name).matches()) {
                throw new IllegalArgumentException("not a destination name: '" + name + "'");
            }
        });
        int moved = 0;
        try (Connection connection = connectionFactory.createConnection()) {
            connection.start();
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageConsumer consumer = session.createConsumer(session.createQueue(Queues.OUTBOUND_DEAD_LETTER),
                    destination.map(name -> ObjectHeaders.DESTINATION + " = '" + name + "'").orElse(null));
            MessageProducer producer = session.createProducer(session.createQueue(Queues.OUTBOUND));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            Message dead;
            while ((dead = consumer.receive(QUIET_MILLIS)) != null) {
                producer.send(firstAttempt(session, dead));
                if (++moved % COMMIT_EVERY == 0) {
                    session.commit();
                }
            }
            session.commit();
        }
        LOG.infof("DGW-ADM-001 re-drove %d dead-lettered send(s) of %s to %s", moved,
                destination.map(name -> "destination " + name).orElse("all destinations"), Queues.OUTBOUND);
        return moved;
    }

    /** A copy of the object's message as the forward route first saw it: same body and object headers, no history. */
    private static Message firstAttempt(Session session, Message dead) throws JMSException {
        OutboundMessage again = OutboundMessage.decode(JmsProperties.read(dead)).asFirstAttempt();
        TextMessage copy = session.createTextMessage(again.body());
        JmsProperties.write(again.headers(), copy);
        return copy;
    }
}
