package org.deblurgateway.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** With the broker unreachable the queue gauges say "unknown" (NaN), never "empty", and the scrape still answers. */
@QuarkusTest
@TestProfile(BrokerDownTestProfile.class)
class MetricsBrokerDownTest {

    @ConfigProperty(name = "quarkus.http.test-port")
    int httpPort;

    @Test
    void scrape_brokerUnreachable_queueDepthsNaN() throws Exception {
        PrometheusScrape scrape = PrometheusScrape.of(httpPort);
        assertEquals(200, scrape.status());
        assertTrue(
                Double.isNaN(scrape.value("deblur_gateway_queue_messages", Map.of("queue", "dicom.ingest"))
                        .orElse(0)),
                scrape.text());
        assertTrue(
                Double.isNaN(scrape.value("deblur_gateway_dead_letter_messages", Map.of("queue", "dicom.outbound.dlq"))
                        .orElse(0)),
                scrape.text());
        assertTrue(scrape.valueOrZero("deblur_gateway_spool_free_bytes", Map.of()) > 0);
    }
}
