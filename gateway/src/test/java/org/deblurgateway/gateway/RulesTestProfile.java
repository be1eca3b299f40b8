package org.deblurgateway.gateway;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.nio.file.Path;
import java.util.Map;
import org.deblurgateway.testsupport.FreePorts;

/**
 * Like {@link IngestTestProfile}, but with a rules file of its own beside the data folder: the tests that apply and
 * reload rules rewrite it, never the shipped conf/rules.yaml.
 */
public class RulesTestProfile implements QuarkusTestProfile {

    static final String PASS_TO_PACS = """
            destinations:
              pacs: {ae-title: PACS, host: 127.0.0.1, port: 4242}
            rules:
              - name: default
                action: pass
                destinations: [pacs]
            """;

    /**
     * A fixed name (the test and the application may load this class in different class loaders, so no random
     * part); the application's data folder beside it is new for each run.
     */
    static final Path RULES_FILE = TestPorts.freshDataDir("x").resolveSibling("rules-access-rules.yaml");

    @Override
    public Map<String, String> getConfigOverrides() {
        Path dataDir = TestPorts.freshDataDir("rules-access");
        TestPorts.writeBeside(RULES_FILE.resolveSibling("rules-access"), "-rules.yaml", PASS_TO_PACS);
        return Map.of(
                "gateway.data-dir", dataDir.toString(),
                "gateway.rules-file", RULES_FILE.toString(),
                "gateway.dicom.port", Integer.toString(FreePorts.next()),
                "gateway.broker.embedded-port", Integer.toString(FreePorts.next()),
                "gateway.health.load-rule-models", "false",
                "quarkus.http.test-port", Integer.toString(FreePorts.next()),
                "camel.main.auto-startup", "false");
    }
}
