package org.deblurgateway.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/**
 * The repository's docker-compose.yml as a JSON tree. Read with SnakeYAML, which resolves anchors and merge keys
 * ({@code <<: *gateway-image}) the way Compose does.
 */
final class ComposeFile {

    static final Path PATH = MetricsTestProfile.repoRoot().resolve("docker-compose.yml");
    /** Services that run the gateway's own image: their environment is our configuration. */
    static final String GATEWAY_IMAGE = "deblur-gateway:";

    private ComposeFile() {}

    static JsonNode read(Path file) throws IOException {
        try (Reader in = Files.newBufferedReader(file)) {
            Map<String, Object> tree = new Yaml().load(in);
            return new ObjectMapper().valueToTree(tree);
        }
    }

    /** (service, environment key) of every service built from the gateway image. */
    static List<Map.Entry<String, String>> gatewayEnvironment(JsonNode compose) {
        List<Map.Entry<String, String>> keys = new ArrayList<>();
        compose.get("services").fields().forEachRemaining(service -> {
            JsonNode s = service.getValue();
            if (s.path("image").asText().startsWith(GATEWAY_IMAGE)) {
                s.path("environment").fieldNames().forEachRemaining(key -> keys.add(Map.entry(service.getKey(), key)));
            }
        });
        return keys;
    }
}
