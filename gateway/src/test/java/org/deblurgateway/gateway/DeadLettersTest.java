package org.deblurgateway.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import jakarta.jms.TextMessage;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.deblurgateway.routes.Queues;
import org.deblurgateway.routes.messages.ObjectHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Re-driving dead-lettered sends over the admin endpoints, against the gateway's embedded broker (routes are not
 * started in this profile, so what lands on the outbound queue stays there to be read).
 */
@QuarkusTest
@TestProfile(IngestTestProfile.class)
class DeadLettersTest {

    @Inject
    ConnectionFactory connectionFactory;

    @ConfigProperty(name = "quarkus.http.test-port")
    int httpPort;

    @Test
    void redrive_oneDestination_movesOnlyItsSendsAsFirstAttemptsAndKeepsTheObjectHeaders() throws Exception {
        deadLetter("outbound/pacs/a.dcm", "pacs");
        deadLetter("outbound/pacs/b.dcm", "pacs");
        deadLetter("outbound/archive/a.dcm", "archive");
        assertEquals(200, get("/admin/dead-letters").statusCode());
        assertTrue(
                get("/admin/dead-letters").body().contains("\"perDestination\":{\"archive\":1,\"pacs\":2}"),
                get("/admin/dead-letters").body());

        HttpResponse<String> redrive = post("/admin/dead-letters/redrive?destination=pacs");

        assertEquals(200, redrive.statusCode(), redrive.body());
        assertTrue(redrive.body().contains("\"moved\":2"), redrive.body());
        Map<String, Message> outbound = new HashMap<>();
        try (Connection connection = connectionFactory.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue(Queues.OUTBOUND));
            Message message;
            while ((message = consumer.receive(1000)) != null) {
                outbound.put(((TextMessage) message).getText(), message);
            }
        }
        assertEquals(Set.of("outbound/pacs/a.dcm", "outbound/pacs/b.dcm"), outbound.keySet());
        Message a = outbound.get("outbound/pacs/a.dcm");
        assertEquals(0, a.getIntProperty(ObjectHeaders.ATTEMPTS), "a first attempt again");
        assertFalse(a.propertyExists(ObjectHeaders.LAST_ERROR));
        assertFalse(a.propertyExists(ObjectHeaders.LAST_STATUS));
        assertEquals("pacs", a.getStringProperty(ObjectHeaders.DESTINATION));
        assertEquals("outbound/pacs/a.dcm", a.getStringProperty(ObjectHeaders.SPOOL_PATH));
        assertEquals("1.2.3.outbound/pacs/a.dcm", a.getStringProperty(ObjectHeaders.SOP_INSTANCE_UID));
        assertTrue(
                get("/admin/dead-letters").body().contains("\"perDestination\":{\"archive\":1}"),
                "the other destination's send stays dead-lettered");

        assertTrue(post("/admin/dead-letters/redrive").body().contains("\"moved\":1"), "all the rest");
        assertTrue(get("/admin/dead-letters").body().contains("\"perDestination\":{}"));
    }

    @Test
    void redrive_notADestinationName_refusedWithoutTouchingTheQueue() throws Exception {
        HttpResponse<String> response = post("/admin/dead-letters/redrive?destination=x'%20OR%20'1'='1");
        assertEquals(400, response.statusCode(), response.body());
        assertTrue(response.body().contains("not a destination name"), response.body());
    }

    private void deadLetter(String spoolPath, String destination) throws Exception {
        try (Connection connection = connectionFactory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createQueue(Queues.OUTBOUND_DEAD_LETTER));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            TextMessage message = session.createTextMessage(spoolPath);
            message.setStringProperty(ObjectHeaders.SPOOL_PATH, spoolPath);
            message.setStringProperty(ObjectHeaders.DESTINATION, destination);
            message.setStringProperty(ObjectHeaders.SOP_INSTANCE_UID, "1.2.3." + spoolPath);
            message.setIntProperty(ObjectHeaders.ATTEMPTS, 8);
            message.setStringProperty(ObjectHeaders.LAST_STATUS, "none");
            message.setStringProperty(ObjectHeaders.LAST_ERROR, "CONNECT_FAILED: cannot connect");
            producer.send(message);
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return new ManagementHttp(httpPort).getAsOperator(path);
    }

    private HttpResponse<String> post(String path) throws Exception {
        return new ManagementHttp(httpPort).postAsOperator(path);
    }
}
