package org.deblurgateway.gateway;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.deblurgateway.dicom.scp.IngestChannel;
import org.deblurgateway.dicom.scp.IngestException;
import org.deblurgateway.dicom.scp.IngestPublisher;
import org.deblurgateway.dicom.scp.ReceivedObject;
import org.deblurgateway.routes.messages.IngestMessage;
import org.deblurgateway.routes.Queues;
import org.jboss.logging.Logger;

/**
 * Announces received objects on {@link Queues#INGEST}: one persistent message per object, sent in a transacted
 * session and committed before the C-STORE is answered. Each association gets its own connection, session and
 * producer, reused for all its objects.
 */
@ApplicationScoped
public class JmsIngestPublisher implements IngestPublisher {

    private static final Logger LOG = Logger.getLogger(JmsIngestPublisher.class);

    private final ConnectionFactory connectionFactory;

    public JmsIngestPublisher(ConnectionFactory connectionFactory) {
        this.connectionFactory = connectionFactory;
    }

    @Override
    public IngestChannel open() throws IngestException {
        Connection connection = null;
        try {
            connection = connectionFactory.createConnection();
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer producer = session.createProducer(session.createQueue(Queues.INGEST));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            return new Channel(connection, session, producer);
        } catch (JMSException | RuntimeException e) {
            closeQuietly(connection);
            throw new IngestException("broker unreachable: " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (JMSException | RuntimeException e) {
                LOG.debugf("closing JMS connection failed: %s", e);
            }
        }
    }

    /** One association's session; used by its thread only. */
    private static final class Channel implements IngestChannel {
        private final Connection connection;
        private final Session session;
        private final MessageProducer producer;

        Channel(Connection connection, Session session, MessageProducer producer) {
            this.connection = connection;
            this.session = session;
            this.producer = producer;
        }

        @Override
        public void publish(ReceivedObject object) throws IngestException {
            try {
                IngestMessage ingest = IngestMessage.of(object);
                TextMessage message = session.createTextMessage(ingest.body());
                JmsProperties.write(ingest.headers(), message);
                producer.send(message);
                session.commit();
            } catch (JMSException | RuntimeException e) {
                try {
                    session.rollback();
                } catch (JMSException | RuntimeException rollbackFailure) {
                    e.addSuppressed(rollbackFailure);
                }
                throw new IngestException("broker refused the ingest message: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            closeQuietly(connection);
        }
    }
}
