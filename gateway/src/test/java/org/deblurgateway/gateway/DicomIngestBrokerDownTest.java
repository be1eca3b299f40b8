package org.deblurgateway.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.deblurgateway.testsupport.Dcmtk;
import org.deblurgateway.testsupport.RawObjects;
import org.deblurgateway.testsupport.ToolRun;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** With the broker unreachable a C-STORE must fail with 0xA7xx and leave nothing in the spool. */
@QuarkusTest
@TestProfile(BrokerDownTestProfile.class)
class DicomIngestBrokerDownTest {

    @ConfigProperty(name = "gateway.dicom.port")
    int port;

    @ConfigProperty(name = "gateway.data-dir")
    Path dataDir;

    @ConfigProperty(name = "quarkus.http.test-port")
    int httpPort;

    @BeforeAll
    static void needsDcmtk() {
        Dcmtk.assumeInstalled();
    }

    @Test
    void store_brokerUnreachable_outOfResourcesAndSpoolEmpty() throws Exception {
        Path file = RawObjects.secondaryCapture(
                dataDir.resolveSibling(dataDir.getFileName() + "-files").resolve("a.dcm"), "2.25.6001");
        ToolRun r = Dcmtk.run(
                "storescu",
                "-v",
                "-aet",
                "MODALITY",
                "-aec",
                "DEBLUR",
                "127.0.0.1",
                Integer.toString(port),
                file.toString());
        assertTrue(r.output().contains("Received Store Response (Refused: OutOfResources)"), r.output());
        for (String sub : new String[] {"spool/incoming", "spool/tmp"}) {
            try (Stream<Path> files = Files.list(dataDir.resolve(sub))) {
                assertEquals(0, files.count(), sub + " not empty");
            }
        }
        // The listener keeps serving: C-ECHO still works.
        assertEquals(
                0,
                Dcmtk.run("echoscu", "-aet", "MODALITY", "-aec", "DEBLUR", "127.0.0.1", Integer.toString(port))
                        .exit());
    }

    @Test
    void readiness_brokerUnreachable_notReady() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/q/health/ready"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(503, r.statusCode(), r.body());
        assertTrue(r.body().contains("GW-BROKER-DOWN"), r.body());
    }
}
