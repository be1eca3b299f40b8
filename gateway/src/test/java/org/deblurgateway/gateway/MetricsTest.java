package org.deblurgateway.gateway;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.deblurgateway.routes.Queues;
import org.deblurgateway.routes.events.PipelineEvents;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** /q/metrics as Prometheus reads it: names and types, counters moved by pipeline events, gauges read on scrape. */
@QuarkusTest
@TestProfile(MetricsTestProfile.class)
class MetricsTest {

    private static final Map<String, String> CR_FROM_XRAY01 = Map.of("calling_ae", "XRAY01", "modality", "CR");

    @Inject
    PipelineEvents events;

    @Inject
    ConnectionFactory connectionFactory;

    @ConfigProperty(name = "quarkus.http.test-port")
    int httpPort;

    @Test
    void scrape_withoutCredentials_servesPrometheusTextWithTheGaugesTyped() throws Exception {
        PrometheusScrape scrape = PrometheusScrape.of(httpPort);
        assertEquals(200, scrape.status(), scrape.text());
        assertEquals("gauge", scrape.typeOf("deblur_gateway_queue_messages"));
        assertEquals("gauge", scrape.typeOf("deblur_gateway_dead_letter_messages"));
        assertEquals("gauge", scrape.typeOf("deblur_gateway_spool_free_bytes"));
        assertEquals("gauge", scrape.typeOf("deblur_gateway_dicom_associations_active"));
        for (String queue : new String[] {"dicom.ingest", "dicom.outbound", "deblur.frames", "deblur.results"}) {
            assertTrue(
                    scrape.value("deblur_gateway_queue_messages", Map.of("queue", queue))
                            .isPresent(),
                    queue);
        }
        for (String queue : new String[] {
            "dicom.outbound.dlq", "DLQ.dicom.ingest", "DLQ.dicom.outbound", "DLQ.deblur.frames", "DLQ.deblur.results"
        }) {
            assertEquals(
                    0,
                    scrape.value("deblur_gateway_dead_letter_messages", Map.of("queue", queue))
                            .orElse(-1),
                    queue);
        }
        assertTrue(scrape.valueOrZero("deblur_gateway_spool_free_bytes", Map.of()) > 0, scrape.text());
        assertEquals(
                0,
                scrape.value("deblur_gateway_dicom_associations_active", Map.of())
                        .orElse(-1));
    }

    @Test
    void recordedEvents_moveTheirCounters() throws Exception {
        PrometheusScrape before = PrometheusScrape.of(httpPort);
        SampleEvents.oneOfEach().forEach(events::record);
        PrometheusScrape after = PrometheusScrape.of(httpPort);

        assertEquals("counter", after.typeOf("deblur_gateway_objects_received_total"));
        assertEquals(1, delta(before, after, "deblur_gateway_objects_received_total", CR_FROM_XRAY01));
        assertEquals(SampleEvents.BYTES, delta(before, after, "deblur_gateway_received_bytes_total", CR_FROM_XRAY01));
        assertEquals(
                1,
                delta(
                        before,
                        after,
                        "deblur_gateway_rule_matches_total",
                        Map.of("rule", MetricsTestProfile.DEBLUR_RULE, "action", "deblur")));
        assertEquals(
                1,
                delta(before, after, "deblur_gateway_passed_through_total", Map.of("reason", "below-blur-threshold")));
        assertEquals(
                1,
                delta(
                        before,
                        after,
                        "deblur_gateway_frames_deblurred_total",
                        Map.of("model", "srcnn", "device", "cpu", "worker", "worker-a", "result", "ok")));
        assertEquals(
                1,
                delta(
                        before,
                        after,
                        "deblur_gateway_frames_deblurred_total",
                        Map.of("model", "srcnn", "result", "failed")));
        assertEquals(1, delta(before, after, "deblur_gateway_derived_instances_total", Map.of("model", "srcnn")));
        assertEquals(
                1,
                delta(
                        before,
                        after,
                        "deblur_gateway_forward_attempts_total",
                        Map.of("destination", "pacs", "outcome", "retry", "status", "A700")));
        assertEquals(
                1,
                delta(
                        before,
                        after,
                        "deblur_gateway_forward_attempts_total",
                        Map.of("destination", "pacs", "outcome", "delivered", "status", "0000")));

        // Only the successful frame is timed: 1000 ms for 2 MP = 500 ms/MP, inside the 500 bucket, above 250.
        assertEquals("histogram", after.typeOf("deblur_gateway_model_milliseconds_per_megapixel_bucket"));
        Map<String, String> srcnnCpu = Map.of("model", "srcnn", "device", "cpu");
        assertEquals(1, delta(before, after, "deblur_gateway_model_milliseconds_per_megapixel_count", srcnnCpu));
        assertEquals(500, delta(before, after, "deblur_gateway_model_milliseconds_per_megapixel_sum", srcnnCpu), 1e-9);
        assertEquals(
                1,
                delta(
                        before,
                        after,
                        "deblur_gateway_model_milliseconds_per_megapixel_bucket",
                        Map.of("model", "srcnn", "device", "cpu", "le", "500.0")));
        assertEquals(
                0,
                delta(
                        before,
                        after,
                        "deblur_gateway_model_milliseconds_per_megapixel_bucket",
                        Map.of("model", "srcnn", "device", "cpu", "le", "250.0")));

        assertEquals("histogram", after.typeOf("deblur_gateway_forward_duration_seconds_bucket"));
        assertEquals(
                2,
                delta(before, after, "deblur_gateway_forward_duration_seconds_count", Map.of("destination", "pacs")));
        assertEquals(
                0.2,
                delta(before, after, "deblur_gateway_forward_duration_seconds_sum", Map.of("destination", "pacs")),
                1e-9);
    }

    @Test
    void recordedEvents_neverShowPatientDataOrUids() throws Exception {
        SampleEvents.oneOfEach().forEach(events::record);
        String text = PrometheusScrape.of(httpPort).text();
        for (String secret : new String[] {
            SampleEvents.PATIENT_ID,
            "Doe",
            SampleEvents.ACCESSION,
            "PA chest",
            SampleEvents.OBJECT.studyInstanceUid(),
            SampleEvents.OBJECT.sopInstanceUid(),
            "2.25.2003"
        }) {
            assertFalse(text.contains(secret), secret + " in /q/metrics");
        }
    }

    @Test
    void queueDepth_countsWhatWaitsOnTheBroker() throws Exception {
        Map<String, String> ingest = Map.of("queue", Queues.INGEST);
        // Depths are cached for 2 s: read the depth before only once it has settled past one cache period, so an
        // object an earlier test of this application left on the queue is in it.
        double before = settledDepth(ingest);
        try (Connection connection = connectionFactory.createConnection()) {
            Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
            MessageProducer producer = session.createProducer(session.createQueue(Queues.INGEST));
            producer.send(session.createTextMessage("spool/incoming/none-1"));
            producer.send(session.createTextMessage("spool/incoming/none-2"));
            session.commit();
        }
        // Depths are cached for 2 s so that one scrape's gauges share one broker round trip.
        await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> PrometheusScrape.of(httpPort).valueOrZero("deblur_gateway_queue_messages", ingest)
                        == before + 2);
    }

    private double settledDepth(Map<String, String> queue) throws Exception {
        double previous = PrometheusScrape.of(httpPort).valueOrZero("deblur_gateway_queue_messages", queue);
        for (int i = 0; i < 10; i++) {
            Thread.sleep(2_100);
            double now = PrometheusScrape.of(httpPort).valueOrZero("deblur_gateway_queue_messages", queue);
            if (now == previous) {
                return now;
            }
            previous = now;
        }
        throw new AssertionError("the depth of " + queue + " did not settle");
    }

    @Test
    void readiness_up_spoolAboveTheDefaultFloor() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/q/health/ready"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"spool-space\""), r.body());
        assertTrue(r.body().contains("\"minFreeBytes\": 1073741824"), r.body());
    }

    private static double delta(
            PrometheusScrape before, PrometheusScrape after, String name, Map<String, String> labels) {
        assertTrue(after.value(name, labels).isPresent(), name + labels + " not in the scrape");
        return after.valueOrZero(name, labels) - before.valueOrZero(name, labels);
    }
}
