package org.deblurgateway.gateway;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deblurgateway.testsupport.FreePorts;

/**
 * The gateway with its console behind an OpenID Connect provider ({@link OidcIssuer}, which sets
 * gateway.console.login=code and the quarkus.oidc keys); otherwise like {@link MetricsTestProfile}.
 */
public class OidcTestProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Path dataDir = TestPorts.freshDataDir("oidc");
        return Map.of(
                "gateway.data-dir", dataDir.toString(),
                "gateway.rules-file",
                        MetricsTestProfile.rulesFile(dataDir, "srcnn").toString(),
                "gateway.deblur.weights-dir",
                        MetricsTestProfile.repoRoot().resolve("model/weights").toString(),
                "gateway.health.load-rule-models", "false",
                "gateway.dicom.port", Integer.toString(FreePorts.next()),
                "gateway.broker.embedded-port", Integer.toString(FreePorts.next()),
                "quarkus.http.test-port", Integer.toString(FreePorts.next()),
                "camel.main.auto-startup", "false");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(OidcIssuer.class));
    }
}
