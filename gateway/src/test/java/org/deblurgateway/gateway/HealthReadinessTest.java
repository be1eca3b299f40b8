package org.deblurgateway.gateway;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Readiness says why the gateway is not ready: the spool's free space under the floor, a rule's model not loaded
 * (while another rule's model did load). MetricsTest has the same checks UP.
 */
@QuarkusTest
@TestProfile(UnhealthyTestProfile.class)
class HealthReadinessTest {

    @ConfigProperty(name = "quarkus.http.test-port")
    int httpPort;

    @Test
    void readiness_spoolFloorAboveTheDisk_downWithTheReason() throws Exception {
        HttpResponse<String> r = ready();
        assertEquals(503, r.statusCode(), r.body());
        assertTrue(r.body().contains("GW-SPOOL-LOW"), r.body());
        assertTrue(r.body().contains("gateway.health.min-spool-free"), r.body());
    }

    @Test
    void readiness_ruleModelWithCorruptWeights_downNamingModelRuleAndCause() {
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    HttpResponse<String> r = ready();
                    assertEquals(503, r.statusCode(), r.body());
                    assertTrue(
                            r.body()
                                    .contains("GW-MODEL-FAILED model 'srcnn' of rule(s) "
                                            + MetricsTestProfile.DEBLUR_RULE + " failed to load"),
                            r.body());
                    // Deblurrer checks the weights against the model card before loading them.
                    assertTrue(r.body().contains("do not match model.json"), r.body());
                    // The failure is the model's, not the engine's: the other rule's model loaded.
                    assertTrue(r.body().contains("\"rdsam-lite\": \"loaded: version "), r.body());
                });
    }

    private HttpResponse<String> ready() throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/q/health/ready"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }
}
