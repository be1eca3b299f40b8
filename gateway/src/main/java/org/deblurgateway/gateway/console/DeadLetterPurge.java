package org.deblurgateway.gateway.console;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.io.IOException;
import java.util.regex.Pattern;
import org.deblurgateway.routes.messages.ObjectHeaders;
import org.deblurgateway.routes.Queues;
import org.deblurgateway.routes.spool.OutboundSpool;
import org.jboss.logging.Logger;

/**
 * Deletes the dead-lettered sends of one destination for good: the message and the object's outbound copy (the
 * received object itself was handled long ago; other destinations keep their own copies).
 */
@ApplicationScoped
public class DeadLetterPurge {

    private static final Logger LOG = Logger.getLogger(DeadLetterPurge.class);
    private static final Pattern DESTINATION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final long QUIET_MILLIS = 500;

    private final ConnectionFactory connectionFactory;
    private final OutboundSpool spool;

    public DeadLetterPurge(ConnectionFactory connectionFactory, OutboundSpool spool) {
        this.connectionFactory = connectionFactory;
        this.spool = spool;
    }

    /** @return how many sends were deleted */
    public int delete(String destination) throws JMSException, IOException {
        if (destination == null || !DESTINATION.matcher(destination).matches()) {
            throw new IllegalArgumentException("not a destination name: '" + destination + "'");
        }
        int deleted = 0;
        try (Connection connection = connectionFactory.createConnection()) {
            connection.start();
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageConsumer consumer = session.createConsumer(session.createQueue(Queues.OUTBOUND_DEAD_LETTER),
                    ObjectHeaders.DESTINATION + " = '" + destination + "'");
            Message dead;
            while ((dead = consumer.receive(QUIET_MILLIS)) != null) {
                String spoolPath = dead.getStringProperty(ObjectHeaders.SPOOL_PATH);
                if (spoolPath != null) {
                    spool.delete(spoolPath);
                }
                session.commit(); // one at a time: a crash leaves at most a message whose file is already gone
                deleted++;
            }
        }
        LOG.infof("DGW-CON-020 deleted %d dead-lettered send(s) of destination %s", deleted, destination);
        return deleted;
    }
}
