package org.deblurgateway.gateway;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.deblurgateway.testsupport.FreePorts;

/**
 * A gateway that must not be ready: its spool floor is larger than any disk, and one of its two deblur rules names a
 * model whose weights file is corrupt (a copy of the shipped {@code srcnn} with bytes overwritten, model.json
 * unchanged); the other names an intact copy of {@code rdsam-lite}, which must load.
 */
public class UnhealthyTestProfile implements QuarkusTestProfile {

    static final String FLOOR = "1000T";
    static final String GOOD_RULE = "deblur-dx";

    @Override
    public Map<String, String> getConfigOverrides() {
        Path dataDir = TestPorts.freshDataDir("unhealthy");
        return Map.of(
                "gateway.data-dir", dataDir.toString(),
                "gateway.rules-file", rulesFile(dataDir).toString(),
                "gateway.deblur.weights-dir", corruptWeights(dataDir).toString(),
                "gateway.health.min-spool-free", FLOOR,
                "gateway.dicom.port", Integer.toString(FreePorts.next()),
                "gateway.broker.embedded-port", Integer.toString(FreePorts.next()),
                "quarkus.http.test-port", Integer.toString(FreePorts.next()),
                "camel.main.auto-startup", "false");
    }

    private static Path rulesFile(Path dataDir) {
        String yaml = """
                destinations:
                  pacs: {ae-title: PACS, host: 127.0.0.1, port: %d}
                rules:
                  - name: %s
                    match: {modality: CR}
                    action: deblur
                    model: srcnn
                    destinations: [pacs]
                  - name: %s
                    match: {modality: DX}
                    action: deblur
                    model: rdsam-lite
                    destinations: [pacs]
                  - name: default
                    action: pass
                    destinations: [pacs]
                """.formatted(FreePorts.next(), MetricsTestProfile.DEBLUR_RULE, GOOD_RULE);
        return TestPorts.writeBeside(dataDir, "-rules.yaml", yaml);
    }

    private static Path corruptWeights(Path dataDir) {
        Path shipped = MetricsTestProfile.repoRoot().resolve("model/weights/srcnn");
        Path weights = dataDir.resolveSibling(dataDir.getFileName() + "-weights");
        Path copy = weights.resolve("srcnn");
        try {
            Files.createDirectories(copy);
            Files.copy(shipped.resolve("model.json"), copy.resolve("model.json"));
            byte[] model = Files.readAllBytes(shipped.resolve("model.pt"));
            for (int i = model.length / 2; i < model.length / 2 + 64; i++) {
                model[i] ^= 0x5a;
            }
            Files.write(copy.resolve("model.pt"), model);
            Path intact = weights.resolve("rdsam-lite");
            Files.createDirectories(intact);
            for (String name : new String[] {"model.json", "model.pt"}) {
                Files.copy(shipped.resolveSibling("rdsam-lite").resolve(name), intact.resolve(name));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return weights;
    }
}
