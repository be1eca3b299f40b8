package org.deblurgateway.gateway;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.deblurgateway.dicom.DataSetSummary;
import org.deblurgateway.dicom.scp.IngestChannel;
import org.deblurgateway.dicom.scp.IngestException;
import org.deblurgateway.dicom.scp.IngestPublisher;
import org.deblurgateway.dicom.scp.ReceiptSeal;
import org.deblurgateway.dicom.scp.ReceivedObject;
import org.deblurgateway.routes.Queues;
import org.deblurgateway.routes.config.GatewayConfig;
import org.deblurgateway.routes.events.PipelineEvent;
import org.deblurgateway.routes.events.PipelineEvents;
import org.deblurgateway.routes.messages.IngestMessage;
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
    private final PipelineEvents events;
    private final Path dataDir;

    public JmsIngestPublisher(ConnectionFactory connectionFactory, PipelineEvents events, GatewayConfig config) {
        this.connectionFactory = connectionFactory;
        this.events = events;
        this.dataDir = config.dataDir();
    }

    @Override
    public IngestChannel open() throws IngestException {
        Connection connection = null;
        try {
            connection = connectionFactory.createConnection();
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer producer = session.createProducer(session.createQueue(Queues.INGEST));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            return new Channel(connection, session, producer, events, dataDir);
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
        private final PipelineEvents events;
        private final Path dataDir;

        Channel(Connection connection, Session session, MessageProducer producer, PipelineEvents events, Path dataDir) {
            this.events = events;
            this.dataDir = dataDir;
            this.connection = connection;
            this.session = session;
            this.producer = producer;
        }

        @Override
        public void publish(ReceivedObject object) throws IngestException {
            try {
                long bytes = object.seal().map(ReceiptSeal::length).orElseGet(() -> sizeOf(object.spoolPath()));
                IngestMessage ingest = IngestMessage.of(object);
                TextMessage message = session.createTextMessage(ingest.body());
                JmsProperties.write(ingest.headers(), message);
                producer.send(message);
                session.commit();
                events.record(received(object, bytes));
            } catch (JMSException | RuntimeException e) {
                try {
                    session.rollback();
                } catch (JMSException | RuntimeException rollbackFailure) {
                    e.addSuppressed(rollbackFailure);
                }
                throw new IngestException("broker refused the ingest message: " + e.getMessage(), e);
            }
        }

        /** Size of the spooled file for the trail (read before the announcement: right after it, routes may move it). */
        private long sizeOf(String spoolPath) {
            try {
                return Files.size(dataDir.resolve(spoolPath));
            } catch (IOException | RuntimeException e) {
                return -1;
            }
        }

        private static PipelineEvent.Received received(ReceivedObject object, long bytes) {
            DataSetSummary s = object.summary();
            return new PipelineEvent.Received(
                    Instant.now(),
                    new PipelineEvent.ObjectRef(s.studyInstanceUid(), s.seriesInstanceUid(), s.sopInstanceUid()),
                    object.callingAeTitle(),
                    object.calledAeTitle(),
                    s.sopClassUid(),
                    s.transferSyntaxUid(),
                    s.modality(),
                    bytes,
                    s.patientId(),
                    s.patientName(),
                    s.accessionNumber(),
                    s.studyDescription(),
                    s.seriesDescription());
        }

        @Override
        public void close() {
            closeQuietly(connection);
        }
    }
}
