package org.deblurgateway.routes.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.deblurgateway.dicom.scp.DicomListener;
import org.deblurgateway.dicom.scp.IngestChannel;
import org.deblurgateway.dicom.scp.IngestException;
import org.deblurgateway.dicom.scp.IngestPublisher;
import org.deblurgateway.dicom.scp.ListenerSettings;
import org.deblurgateway.dicom.scp.ReceivePath;
import org.deblurgateway.dicom.scp.ReceivedObject;
import org.deblurgateway.routes.Queues;
import org.deblurgateway.routes.messages.IngestMessage;
import org.deblurgateway.routes.spool.DataDir;
import org.deblurgateway.testsupport.Dcmtk;
import org.deblurgateway.testsupport.Storescp;
import org.deblurgateway.testsupport.ToolRun;
import org.deblurgateway.testsupport.Waits;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A corrected re-send of a SOP instance arriving while the first copy is being fanned out (issue #15): the real
 * listener spools both, the real routes handle them one after the other, and the first copy's clean-up must not take
 * the second copy with it. Before the fix the first copy's action deleted {@code incoming/<UID>.dcm} by name, which
 * by then was the corrected copy, so it was never forwarded.
 */
@QuarkusTest
@WithTestResource(value = FlowBrokerResource.class, scope = TestResourceScope.MATCHING_RESOURCES)
class ResendRaceFlowTest extends FlowTest {

    private static final String UID = "1.2.826.0.1.3680043.10.543.77";

    @Inject
    DataDir dataDir;

    private DicomListener listener;
    private final CountDownLatch firstCopyFannedOut = new CountDownLatch(1);
    private final CountDownLatch secondCopyReceived = new CountDownLatch(1);

    @AfterEach
    void stopListener() throws Exception {
        secondCopyReceived.countDown();
        if (listener != null) {
            listener.stop();
        }
    }

    @Test
    void pass_resendArrivesWhileFirstCopyIsFannedOut_bothCopiesForwarded() throws Exception {
        Storescp pacs = startPacs("+uf");
        pipeline.rules(passRules(pacs.port()));
        // The first copy's action waits after its fan-out until the corrected copy is in the spool.
        AtomicBoolean firstSeen = new AtomicBoolean();
        hooks.passAfterOutboundSends(exchange -> {
            if (firstSeen.compareAndSet(false, true)) {
                firstCopyFannedOut.countDown();
                secondCopyReceived.await(30, TimeUnit.SECONDS);
            }
        });
        startListener();

        Path first = object(temp.resolve("first.dcm"), "FIRST");
        Path corrected = object(temp.resolve("corrected.dcm"), "CORRECTED");
        assertEquals(0, storescu(first).exit());
        assertTrue(firstCopyFannedOut.await(20, TimeUnit.SECONDS), "first copy reached its fan-out");
        ToolRun resend = storescu(corrected);
        secondCopyReceived.countDown();
        assertEquals(0, resend.exit(), resend.output());

        Waits.until(
                "both ingest messages handled",
                Duration.ofSeconds(30),
                25,
                () -> statistics.passedCount() + statistics.alreadyProcessedCount() >= 2,
                () -> "");
        Waits.until(
                "two deliveries",
                Duration.ofSeconds(30),
                25,
                () -> statistics.deliveredCount() >= 2,
                () -> "delivered " + statistics.deliveredCount() + ", already processed "
                        + statistics.alreadyProcessedCount());
        assertEquals(0, statistics.alreadyProcessedCount(), "the corrected copy was taken for already handled");
        List<String> descriptions = pacs.received().stream()
                .map(Dcmtk::dcmdump)
                .map(dump -> dump.contains("CORRECTED") ? "CORRECTED" : "FIRST")
                .sorted()
                .toList();
        assertEquals(List.of("CORRECTED", "FIRST"), descriptions, "what the PACS received");
    }

    private void startListener() throws Exception {
        ListenerSettings settings = new ListenerSettings(
                Set.of("DEBLUR"),
                Optional.empty(),
                "127.0.0.1",
                0,
                65536,
                4,
                Duration.ofSeconds(5),
                Duration.ofSeconds(10),
                Duration.ofSeconds(5));
        listener = new DicomListener(settings, new ReceivePath(dataDir.receiveSpool(), new JmsIngest()));
        listener.start();
    }

    /** Publishes the ingest message as the gateway does: persistent, committed before the C-STORE is answered. */
    private final class JmsIngest implements IngestPublisher {
        @Override
        public IngestChannel open() throws IngestException {
            try {
                Session session = queues.connection().createSession(true, Session.SESSION_TRANSACTED);
                MessageProducer producer = session.createProducer(session.createQueue(Queues.INGEST));
                producer.setDeliveryMode(DeliveryMode.PERSISTENT);
                return new IngestChannel() {
                    @Override
                    public void publish(ReceivedObject object) throws IngestException {
                        try {
                            IngestMessage ingest = IngestMessage.of(object);
                            TextMessage message = session.createTextMessage(ingest.body());
                            for (Map.Entry<String, Object> header :
                                    ingest.headers().entrySet()) {
                                message.setObjectProperty(header.getKey(), header.getValue());
                            }
                            producer.send(message);
                            session.commit();
                        } catch (JMSException e) {
                            throw new IngestException(e.getMessage(), e);
                        }
                    }

                    @Override
                    public void close() {
                        try {
                            session.close();
                        } catch (JMSException e) {
                            // the test's connection closes it anyway
                        }
                    }
                };
            } catch (JMSException e) {
                throw new IngestException(e.getMessage(), e);
            }
        }
    }

    private ToolRun storescu(Path file) {
        return Dcmtk.run(
                "storescu",
                "-aet",
                "MODALITY",
                "-aec",
                "DEBLUR",
                "127.0.0.1",
                Integer.toString(listener.port()),
                file.toString());
    }

    private Path object(Path file, String seriesDescription) {
        return writeObject(file, "1.2.840.10008.5.1.4.1.1.7", UID, seriesDescription);
    }
}
