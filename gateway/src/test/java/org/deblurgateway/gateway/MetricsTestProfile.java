package org.deblurgateway.gateway;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.nio.file.Path;
import java.util.Map;
import org.deblurgateway.testsupport.FreePorts;

/**
 * Gateway on free loopback ports with its own data folder and embedded broker, and rules with a deblur rule naming
 * the shipped {@code srcnn} model. Models are not loaded at start here: libtorch's native library binds to the first
 * Quarkus application of a test JVM that loads it, and HealthReadinessTest needs it. Camel routes do not start: what
 * a test puts on a queue stays there for the depth gauges to count.
 */
public class MetricsTestProfile implements QuarkusTestProfile {

    static final String DEBLUR_RULE = "deblur-cr";

    @Override
    public Map<String, String> getConfigOverrides() {
        Path dataDir = TestPorts.freshDataDir("metrics");
        return Map.of(
                "gateway.data-dir", dataDir.toString(),
                "gateway.rules-file", rulesFile(dataDir, "srcnn").toString(),
                "gateway.deblur.weights-dir",
                        repoRoot().resolve("model/weights").toString(),
                "gateway.health.load-rule-models", "false",
                "gateway.dicom.port", Integer.toString(FreePorts.next()),
                "gateway.broker.embedded-port", Integer.toString(FreePorts.next()),
                "quarkus.http.test-port", Integer.toString(FreePorts.next()),
                "camel.main.auto-startup", "false");
    }

    static Path repoRoot() {
        return TestPorts.rulesFile().getParent().getParent();
    }

    /** A rules file beside the data folder: CR goes through {@code model}, everything else passes. */
    static Path rulesFile(Path dataDir, String model) {
        String yaml = """
                destinations:
                  pacs: {ae-title: PACS, host: 127.0.0.1, port: %d}
                rules:
                  - name: %s
                    match: {modality: CR}
                    action: deblur
                    model: %s
                    destinations: [pacs]
                  - name: default
                    action: pass
                    destinations: [pacs]
                """.formatted(FreePorts.next(), DEBLUR_RULE, model);
        return TestPorts.writeBeside(dataDir, "-rules.yaml", yaml);
    }
}
