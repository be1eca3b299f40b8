package org.deblurgateway.gateway;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;
import org.deblurgateway.testsupport.FreePorts;

/**
 * Gateway on free loopback ports with its own data folder and embedded broker; Camel routes do not start, so
 * ingest messages stay on the queue for the test to browse.
 */
public class IngestTestProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "gateway.data-dir", TestPorts.freshDataDir("ingest").toString(),
                "gateway.rules-file", TestPorts.rulesFile().toString(),
                "gateway.dicom.port", Integer.toString(FreePorts.next()),
                "gateway.dicom.extra-ae-titles", "DEBLUR_CT",
                "gateway.dicom.allowed-calling-ae-titles", "MODALITY,CT01",
                "gateway.broker.embedded-port", Integer.toString(FreePorts.next()),
                "quarkus.http.test-port", Integer.toString(FreePorts.next()),
                "camel.main.auto-startup", "false");
    }
}
