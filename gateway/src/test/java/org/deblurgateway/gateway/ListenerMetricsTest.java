package org.deblurgateway.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.deblurgateway.routes.events.PipelineEvents;
import org.deblurgateway.testsupport.Dcmtk;
import org.deblurgateway.testsupport.RawObjects;
import org.deblurgateway.testsupport.SopClasses;
import org.deblurgateway.testsupport.ToolRun;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The listener's meters and the ones added beside them, read from /q/metrics as Prometheus parses it while real
 * dcmtk peers (echoscu, storescu) talk to the running gateway: associations by outcome, C-STORE response times by
 * status class, actions, journal free space, frame consumers.
 */
@QuarkusTest
@TestProfile(MetricsTestProfile.class)
class ListenerMetricsTest {

    private static final Map<String, String> ACCEPTED = Map.of("outcome", "accepted", "reason", "none");
    private static final Map<String, String> CALLED_AE_REJECTED =
            Map.of("outcome", "rejected", "reason", "called-ae-not-recognized");
    private static final Map<String, String> SUCCESS = Map.of("status_class", "success");

    @Inject
    PipelineEvents events;

    @ConfigProperty(name = "quarkus.http.test-port")
    int httpPort;

    @ConfigProperty(name = "gateway.dicom.port")
    int dicomPort;

    @ConfigProperty(name = "gateway.data-dir")
    Path dataDir;

    @BeforeAll
    static void needsDcmtk() {
        Dcmtk.assumeInstalled();
    }

    @Test
    void scrape_beforeAnyAssociation_showsEverySeriesTypedAtZero() throws Exception {
        PrometheusScrape scrape = PrometheusScrape.of(httpPort);
        assertEquals("counter", scrape.typeOf("deblur_gateway_dicom_associations_total"));
        assertEquals("histogram", scrape.typeOf("deblur_gateway_dicom_store_response_seconds_bucket"));
        for (String statusClass : new String[] {"success", "warning", "failure"}) {
            assertTrue(
                    scrape.value(
                                    "deblur_gateway_dicom_store_response_seconds_count",
                                    Map.of("status_class", statusClass))
                            .isPresent(),
                    statusClass);
        }
        for (String reason : new String[] {
            "called-ae-not-recognized",
            "calling-ae-not-recognized",
            "application-context-not-supported",
            "protocol-version-not-supported",
            "local-limit-exceeded",
            "temporary-congestion"
        }) {
            assertTrue(
                    scrape.value(
                                    "deblur_gateway_dicom_associations_total",
                                    Map.of("outcome", "rejected", "reason", reason))
                            .isPresent(),
                    reason);
        }
        assertEquals("gauge", scrape.typeOf("deblur_gateway_journal_free_bytes"));
        assertTrue(scrape.valueOrZero("deblur_gateway_journal_free_bytes", Map.of()) > 0, scrape.text());
        // Camel routes do not start in this profile: nothing consumes the frames queue.
        assertEquals("gauge", scrape.typeOf("deblur_gateway_frame_consumers"));
        assertEquals(0, scrape.value("deblur_gateway_frame_consumers", Map.of()).orElse(-1));
    }

    @Test
    void echoStoreAndWrongCalledAe_moveAssociationsAndStoreResponseTime() throws Exception {
        PrometheusScrape before = PrometheusScrape.of(httpPort);
        Path work = Files.createTempDirectory(dataDir.getParent(), "listener-metrics");
        Path object = RawObjects.write(work.resolve("sc.dcm"), SopClasses.SECONDARY_CAPTURE, "2.25.880011", 4096);

        ToolRun echo = Dcmtk.run("echoscu", "-aet", "MODALITY", "-aec", "DEBLUR", "127.0.0.1", port());
        assertEquals(0, echo.exit(), echo.output());
        ToolRun wrong = Dcmtk.run("echoscu", "-aet", "MODALITY", "-aec", "NOT-US", "127.0.0.1", port());
        assertNotEquals(0, wrong.exit(), wrong.output());
        ToolRun store =
                Dcmtk.run("storescu", "-aet", "MODALITY", "-aec", "DEBLUR", "127.0.0.1", port(), object.toString());
        assertEquals(0, store.exit(), store.output());

        PrometheusScrape after = PrometheusScrape.of(httpPort);
        assertEquals(2, delta(before, after, "deblur_gateway_dicom_associations_total", ACCEPTED));
        assertEquals(1, delta(before, after, "deblur_gateway_dicom_associations_total", CALLED_AE_REJECTED));
        assertEquals(1, delta(before, after, "deblur_gateway_dicom_store_response_seconds_count", SUCCESS));
        double seconds = delta(before, after, "deblur_gateway_dicom_store_response_seconds_sum", SUCCESS);
        assertTrue(seconds > 0 && seconds < 30, "C-STORE answered in " + seconds + " s");
        assertEquals(
                1,
                delta(
                        before,
                        after,
                        "deblur_gateway_dicom_store_response_seconds_bucket",
                        Map.of("status_class", "success", "le", "30.0")));
        assertEquals(
                0,
                delta(
                        before,
                        after,
                        "deblur_gateway_dicom_store_response_seconds_count",
                        Map.of("status_class", "failure")));
    }

    @Test
    void ruleMatched_movesItsAction() throws Exception {
        PrometheusScrape before = PrometheusScrape.of(httpPort);
        SampleEvents.oneOfEach().forEach(events::record);
        PrometheusScrape after = PrometheusScrape.of(httpPort);
        assertEquals("counter", after.typeOf("deblur_gateway_actions_total"));
        assertEquals(1, delta(before, after, "deblur_gateway_actions_total", Map.of("action", "deblur")));
    }

    private String port() {
        return Integer.toString(dicomPort);
    }

    private static double delta(
            PrometheusScrape before, PrometheusScrape after, String name, Map<String, String> labels) {
        assertTrue(after.value(name, labels).isPresent(), name + labels + " not in the scrape");
        return after.valueOrZero(name, labels) - before.valueOrZero(name, labels);
    }
}
