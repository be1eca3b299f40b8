package org.deblurgateway.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;
import org.deblurgateway.gateway.DeadLetters.DeadLetter;
import org.deblurgateway.routes.Queues;
import org.deblurgateway.routes.config.GatewayConfig;
import org.deblurgateway.routes.messages.FrameHeaders;
import org.deblurgateway.routes.messages.FrameResult;
import org.deblurgateway.routes.messages.ObjectHeaders;
import org.deblurgateway.routes.spool.DataDir;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The dead-letter tools cover the broker's DLQ.&lt;queue&gt; of every work queue, not only the forward route's own:
 * messages are dead-lettered the way the broker does it after too many failed deliveries (Artemis' own
 * sendMessagesToDeadLetterAddress on the work queue, into the embedded broker's auto-created DLQ.&lt;queue&gt;), then
 * counted, listed through the routes' message codecs, re-driven to their work queue and deleted. Routes do not run
 * in this profile, so a re-driven message stays on its work queue to be read.
 */
@QuarkusTest
@TestProfile(IngestTestProfile.class)
class DeadLetterQueuesTest {

    @Inject
    ConnectionFactory connectionFactory;

    @Inject
    DeadLetters deadLetters;

    @Inject
    GatewayConfig gateway;

    @ConfigProperty(name = "quarkus.http.test-port")
    int httpPort;

    @Test
    void ingestAndResults_deadLetteredByTheBroker_countedListedAndReDrivenToTheirWorkQueue() throws Exception {
        String uid = "2.25." + System.nanoTime();
        String job = "2.25." + (System.nanoTime() + 1);
        send(
                Queues.INGEST,
                Map.of(
                        ObjectHeaders.SPOOL_PATH,
                        "spool/incoming/" + uid + ".dcm",
                        ObjectHeaders.SOP_INSTANCE_UID,
                        uid,
                        ObjectHeaders.MODALITY,
                        "CR",
                        ObjectHeaders.RECEIVED_AT,
                        1234L),
                "spool/incoming/" + uid + ".dcm");
        FrameResult failed = FrameResult.failed(job, 2, "worker-1", "InferenceException: out of memory");
        send(Queues.DEBLUR_RESULTS, failed.headers(), null);
        deadLetterAll(Queues.INGEST, ObjectHeaders.SOP_INSTANCE_UID + " = '" + uid + "'");
        deadLetterAll(Queues.DEBLUR_RESULTS, FrameHeaders.JOB + " = '" + job + "'");

        HttpResponse<String> counts = get("/admin/dead-letters");
        assertEquals(200, counts.statusCode(), counts.body());
        assertTrue(counts.body().contains("\"DLQ.dicom.ingest\":"), counts.body());
        assertTrue(counts.body().contains("\"DLQ.deblur.results\":"), counts.body());
        assertTrue(deadLetters.countByQueue().get("DLQ.dicom.ingest") >= 1);
        List<DeadLetter> letters = deadLetters.first(200);
        DeadLetter ingest = letters.stream()
                .filter(l -> l.item().equals(uid))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the ingest dead letter is listed: " + letters));
        assertEquals("DLQ.dicom.ingest", ingest.queue());
        assertEquals("CR", ingest.modality());
        assertTrue(
                letters.stream()
                        .anyMatch(l -> l.queue().equals("DLQ.deblur.results")
                                && l.item().equals("job " + job + " frame 3")),
                letters.toString());

        HttpResponse<String> ingestRedrive = post("/admin/dead-letters/redrive?queue=DLQ.dicom.ingest");
        assertEquals(200, ingestRedrive.statusCode(), ingestRedrive.body());
        assertTrue(ingestRedrive.body().contains("\"queue\":\"DLQ.dicom.ingest\""), ingestRedrive.body());
        Message back = receive(Queues.INGEST, ObjectHeaders.SOP_INSTANCE_UID + " = '" + uid + "'");
        assertNotNull(back, "the received object's message is back on " + Queues.INGEST);
        assertEquals("spool/incoming/" + uid + ".dcm", ((TextMessage) back).getText());
        assertEquals("spool/incoming/" + uid + ".dcm", back.getStringProperty(ObjectHeaders.SPOOL_PATH));
        assertEquals(1234L, back.getLongProperty(ObjectHeaders.RECEIVED_AT), "the receipt (and its placement) kept");

        assertTrue(deadLetters.redriveQueue("DLQ.deblur.results") >= 1);
        Message result = receive(Queues.DEBLUR_RESULTS, FrameHeaders.JOB + " = '" + job + "'");
        assertNotNull(result, "the result is back on " + Queues.DEBLUR_RESULTS);
        assertEquals(job, result.getStringProperty("JMSXGroupID"), "still grouped by its job");
        assertEquals("InferenceException: out of memory", result.getStringProperty(FrameHeaders.FAILURE));
        assertEquals(2, result.getIntProperty(FrameHeaders.FRAME_INDEX));
    }

    @Test
    void outboundSend_deadLetteredByTheBroker_countedPerDestinationAndDeletedWithItsCopy() throws Exception {
        String destination = "archive" + System.nanoTime() % 100_000;
        Path copy =
                new DataDir(gateway.dataDir()).outbound().resolve(destination).resolve("1.2.3.token.dcm");
        Files.createDirectories(copy.getParent());
        Files.writeString(copy, "object");
        String spoolPath = "outbound/" + destination + "/1.2.3.token.dcm";
        send(
                Queues.OUTBOUND,
                Map.of(
                        ObjectHeaders.SPOOL_PATH,
                        spoolPath,
                        ObjectHeaders.DESTINATION,
                        destination,
                        ObjectHeaders.ATTEMPTS,
                        3),
                spoolPath);
        deadLetterAll(Queues.OUTBOUND, ObjectHeaders.DESTINATION + " = '" + destination + "'");

        assertEquals(1, deadLetters.countByDestination().get(destination), "counted with the forward route's own");
        assertEquals(1, deadLetters.delete(destination));

        assertTrue(Files.notExists(copy), "the outbound copy went with its message");
        assertEquals(null, deadLetters.countByDestination().get(destination));
    }

    @Test
    void redrive_unknownQueue_refused() throws Exception {
        HttpResponse<String> response = post("/admin/dead-letters/redrive?queue=dicom.ingest");
        assertEquals(400, response.statusCode(), response.body());
        assertTrue(response.body().contains("not a dead-letter queue"), response.body());
    }

    private void send(String queue, Map<String, Object> properties, String text) throws Exception {
        try (Connection connection = connectionFactory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue(queue));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            Message message = text == null ? session.createBytesMessage() : session.createTextMessage(text);
            for (Map.Entry<String, Object> property : properties.entrySet()) {
                message.setObjectProperty(property.getKey(), property.getValue());
            }
            producer.send(message);
        }
    }

    /** What the broker does with a message that failed max-delivery-attempts times, asked of it directly. */
    private void deadLetterAll(String queue, String filter) throws Exception {
        try (Connection connection = connectionFactory.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TemporaryQueue replies = session.createTemporaryQueue();
            MessageProducer producer = session.createProducer(session.createQueue("activemq.management"));
            MessageConsumer consumer = session.createConsumer(replies);
            Message request = session.createMessage();
            request.setJMSReplyTo(replies);
            JMSManagementHelper.putOperationInvocation(
                    request, ResourceNames.QUEUE + queue, "sendMessagesToDeadLetterAddress", filter);
            producer.send(request);
            Message reply = consumer.receive(5000);
            assertNotNull(reply, "the broker answers");
            assertTrue(
                    JMSManagementHelper.hasOperationSucceeded(reply),
                    String.valueOf(JMSManagementHelper.getResult(reply)));
            assertEquals(1, ((Number) JMSManagementHelper.getResult(reply)).intValue(), "one message dead-lettered");
        }
    }

    private Message receive(String queue, String selector) throws Exception {
        try (Connection connection = connectionFactory.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue(queue), selector);
            return consumer.receive(2000);
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return new ManagementHttp(httpPort).getAsOperator(path);
    }

    private HttpResponse<String> post(String path) throws Exception {
        return new ManagementHttp(httpPort).postAsOperator(path);
    }
}
