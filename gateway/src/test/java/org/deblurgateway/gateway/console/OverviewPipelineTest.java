package org.deblurgateway.gateway.console;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.deblurgateway.gateway.BrokerCredentials;
import org.deblurgateway.gateway.BrokerCredentialsFile;
import org.deblurgateway.gateway.MetricsTestProfile;
import org.deblurgateway.routes.Queues;
import org.deblurgateway.routes.events.PipelineEvent;
import org.deblurgateway.routes.events.PipelineEvent.ObjectRef;
import org.deblurgateway.routes.events.PipelineEvents;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The Overview's view of the running pipeline, read as a logged-in viewer sees the page: queue depths and dead
 * letters from the broker, the frames queue's consumers, frames per worker from the trail, free disk.
 */
@QuarkusTest
@TestProfile(MetricsTestProfile.class)
class OverviewPipelineTest {

    @Inject
    PipelineEvents events;

    @Inject
    ConnectionFactory connectionFactory;

    @ConfigProperty(name = "gateway.broker.embedded-port")
    int brokerPort;

    @ConfigProperty(name = "gateway.data-dir")
    Path dataDir;

    @ConfigProperty(name = "quarkus.http.test-port")
    int httpPort;

    private final HttpClient http =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    void overview_showsQueueDepthsDeadLettersConsumersWorkersAndDisks() throws Exception {
        ObjectRef object = new ObjectRef("2.25.5501", "2.25.5502", "2.25.5503");
        Instant now = Instant.now();
        for (int i = 0; i < 3; i++) {
            events.record(new PipelineEvent.FrameDeblurred(
                    now, object, i, 4, "ct-worker-7", "rdsam-lite", "CPU", 900, 1_000_000, ""));
        }
        events.record(new PipelineEvent.FrameDeblurred(
                now, object, 3, 4, "ct-worker-7", "rdsam-lite", "CPU", 5, 1_000_000, "network failed"));
        String cookie = login();
        BrokerCredentials login =
                BrokerCredentialsFile.read(dataDir.resolve("broker").resolve("credentials.properties"));
        try (Connection connection = connectionFactory.createConnection();
                ActiveMQConnectionFactory tcp =
                        new ActiveMQConnectionFactory("tcp://127.0.0.1:" + brokerPort, login.user(), login.password());
                Connection workerConnection = tcp.createConnection()) {
            connection.start();
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer producer = session.createProducer(session.createQueue("DLQ." + Queues.INGEST));
            producer.send(session.createTextMessage("spool/incoming/overview-test"));
            session.commit();
            // A frame worker process as the broker sees one: a consumer of the frames queue on its own TCP
            // connection (the gateway's own clients, this test's first connection included, are in-VM).
            Session workerSession = workerConnection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            workerSession.createConsumer(workerSession.createQueue(Queues.DEBLUR_FRAMES));

            // Broker answers are cached for 2 s and the trail is written in the background: wait for both.
            await().atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        String page = overview(cookie);
                        return page.contains("ct-worker-7") && page.contains("1 consumer(s) of deblur.frames");
                    });
            String page = overview(cookie);
            assertEquals("1", cell(page, "DLQ." + Queues.INGEST), page);
            assertEquals("0", cell(page, Queues.OUTBOUND_DEAD_LETTER), page);
            for (String queue : List.of(Queues.INGEST, Queues.OUTBOUND, Queues.DEBLUR_FRAMES, Queues.DEBLUR_RESULTS)) {
                assertTrue(cell(page, queue).matches("\\d+"), queue + " in " + page);
            }
            assertTrue(page.contains("over 1 connection(s)"), page);
            assertTrue(page.contains("127.0.0.1"), page);
            // 3 frames in the 10-minute window: 0.3 a minute; the failed one counted apart.
            Matcher worker = Pattern.compile(
                            "<td>ct-worker-7</td><td class=\"n\">(\\d+)</td><td class=\"n\">([0-9.]+)</td><td class=\"n\">(\\d+)</td>")
                    .matcher(page);
            assertTrue(worker.find(), page);
            assertEquals("3", worker.group(1));
            assertEquals("0.3", worker.group(2));
            assertEquals("1", worker.group(3));
            assertTrue(page.contains("spool (received objects, outbound copies)"), page);
            assertTrue(page.contains("broker journal (embedded broker)"), page);
            assertTrue(Pattern.compile("\\d+\\.\\d (GiB|MiB|TiB)").matcher(page).find(), page);
            // Other tests of this profile count the dead letters from zero: take it back off the queue.
            MessageConsumer cleanup = session.createConsumer(session.createQueue("DLQ." + Queues.INGEST));
            assertTrue(cleanup.receive(5000) != null);
            session.commit();
        }
        // The consumer is gone with its connection.
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> overview(cookie).contains("No worker is connected"));
    }

    /** The messages cell of a queue's row on the Overview. */
    private static String cell(String page, String queue) {
        Matcher m = Pattern.compile("<th>" + Pattern.quote(queue) + "<br>.*?</th><td class=\"n[^\"]*\">([^<]+)</td>")
                .matcher(page);
        assertTrue(m.find(), queue + " not on the page");
        return m.group(1);
    }

    private String overview(String cookie) throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/console"))
                        .header("Cookie", cookie)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    private String login() throws Exception {
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/j_security_check"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("j_username=viewer&j_password=viewer-test"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return r.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("gateway-console=") && !c.startsWith("gateway-console=;"))
                .map(c -> c.substring(0, c.indexOf(';')))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no session cookie: " + r.statusCode()));
    }
}
