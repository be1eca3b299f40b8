package org.deblurgateway.gateway;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A gateway that must not be ready: its spool floor is larger than any disk, and its deblur rule names a model whose
 * weights file is corrupt (a copy of the shipped {@code srcnn} with bytes overwritten, model.json unchanged).
 */
public class UnhealthyTestProfile implements QuarkusTestProfile {

    static final String FLOOR = "1000T";

    @Override
    public Map<String, String> getConfigOverrides() {
        Path dataDir = TestPorts.freshDataDir("unhealthy");
        return Map.of(
                "gateway.data-dir", dataDir.toString(),
                "gateway.rules-file", MetricsTestProfile.rulesFile(dataDir, "srcnn").toString(),
                "gateway.deblur.weights-dir", corruptWeights(dataDir).toString(),
                "gateway.health.min-spool-free", FLOOR,
                "gateway.dicom.port", Integer.toString(TestPorts.freePort()),
                "gateway.broker.embedded-port", Integer.toString(TestPorts.freePort()),
                "quarkus.http.test-port", Integer.toString(TestPorts.freePort()),
                "camel.main.auto-startup", "false");
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
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return weights;
    }
}
