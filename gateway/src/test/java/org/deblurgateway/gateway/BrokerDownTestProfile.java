package org.deblurgateway.gateway;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;
import org.deblurgateway.testsupport.FreePorts;

/** Gateway pointed at an external broker URL on a closed port: the embedded broker is not started. */
public class BrokerDownTestProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "gateway.data-dir", TestPorts.freshDataDir("broker-down").toString(),
                "gateway.rules-file", TestPorts.rulesFile().toString(),
                "gateway.dicom.port", Integer.toString(FreePorts.next()),
                "gateway.broker.url", "tcp://127.0.0.1:" + FreePorts.next(),
                "gateway.broker.embedded-port", Integer.toString(FreePorts.next()),
                "quarkus.http.test-port", Integer.toString(FreePorts.next()),
                "camel.main.auto-startup", "false");
    }
}
