package org.deblurgateway.gateway;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.HashMap;
import java.util.Map;

/** The ingest test gateway with the shipped model catalog, so Try it offers its models (none is loaded here). */
public class TryItTestProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> overrides = new HashMap<>(new IngestTestProfile().getConfigOverrides());
        overrides.put(
                "gateway.deblur.weights-dir",
                TestPorts.rulesFile()
                        .getParent()
                        .getParent()
                        .resolve("model/weights")
                        .toString());
        return overrides;
    }
}
