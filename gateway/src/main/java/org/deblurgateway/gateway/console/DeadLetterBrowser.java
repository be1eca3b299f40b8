package org.deblurgateway.gateway.console;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import org.deblurgateway.routes.messages.ObjectHeaders;
import org.deblurgateway.routes.Queues;

/** The first dead-lettered sends, for inspection: what, where to, how many attempts and the peer's last answer. */
@ApplicationScoped
public class DeadLetterBrowser {

    /** One dead-lettered send. */
    public record DeadLetter(String destination, String sopInstanceUid, String modality, int attempts,
                             String lastStatus, String lastError, Instant deadLetteredAt) {
    }

    private final ConnectionFactory connectionFactory;

    public DeadLetterBrowser(ConnectionFactory connectionFactory) {
        this.connectionFactory = connectionFactory;
    }

    public List<DeadLetter> first(int limit) throws JMSException {
        List<DeadLetter> letters = new ArrayList<>();
        try (Connection connection = connectionFactory.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            QueueBrowser browser = session.createBrowser(session.createQueue(Queues.OUTBOUND_DEAD_LETTER));
            Enumeration<?> messages = browser.getEnumeration();
            while (messages.hasMoreElements() && letters.size() < limit) {
                Message m = (Message) messages.nextElement();
                letters.add(new DeadLetter(text(m, ObjectHeaders.DESTINATION), text(m, ObjectHeaders.SOP_INSTANCE_UID),
                        text(m, ObjectHeaders.MODALITY), number(m, ObjectHeaders.ATTEMPTS),
                        text(m, ObjectHeaders.LAST_STATUS), text(m, ObjectHeaders.LAST_ERROR),
                        Instant.ofEpochMilli(m.getJMSTimestamp())));
            }
        }
        return letters;
    }

    private static String text(Message message, String name) throws JMSException {
        Object value = message.getObjectProperty(name);
        return value == null ? "" : value.toString();
    }

    private static int number(Message message, String name) throws JMSException {
        try {
            return Integer.parseInt(text(message, name).trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
