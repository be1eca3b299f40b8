package org.deblurgateway.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.InputStream;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml against the Compose specification's JSON schema (vendored in src/test/resources/compose with
 * its licence), and the deployment the README promises: broker, gateway, CPU and GPU workers, Orthanc, and
 * Prometheus + Grafana under the monitoring profile.
 */
class ComposeFileTest {

    private static JsonSchema schema;
    private static JsonNode compose;

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in = ComposeFileTest.class.getResourceAsStream("/compose/compose-spec.json")) {
            // The schema declares draft 2019-09 but still names its parts with draft-04's "id": an annotation only.
            JsonMetaSchema draft201909 = JsonMetaSchema.builder(JsonMetaSchema.getV201909())
                    .keyword(new NonValidationKeyword("id"))
                    .build();
            schema = JsonSchemaFactory.builder(JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V201909))
                    .metaSchema(draft201909)
                    .build()
                    .getSchema(in);
        }
        compose = ComposeFile.read(ComposeFile.PATH);
    }

    @Test
    void composeFile_validAgainstTheComposeSpecification() {
        Set<ValidationMessage> errors = schema.validate(compose);
        assertTrue(errors.isEmpty(), "docker-compose.yml: " + errors);
    }

    @Test
    void schema_rejectsWhatComposeWouldReject() {
        // Without this a schema that never loaded its definitions would pass everything.
        ObjectNode broken = compose.deepCopy();
        ((ObjectNode) broken.get("services").get("gateway")).put("restart_policy", "always");
        ((ObjectNode) broken.get("services").get("worker-cpu").get("deploy")).put("replicas", "two");
        Set<ValidationMessage> errors = schema.validate(broken);
        assertEquals(2, errors.size(), errors.toString());
    }

    @Test
    void services_brokerGatewayWorkersPacsAndMonitoring() {
        JsonNode services = compose.get("services");
        for (String name :
                new String[] {"artemis", "gateway", "worker-cpu", "worker-gpu", "orthanc", "prometheus", "grafana"}) {
            assertTrue(services.has(name), name);
        }
        JsonNode gpu = services.get("worker-gpu").at("/deploy/resources/reservations/devices/0");
        assertEquals("nvidia", gpu.path("driver").asText());
        assertTrue(gpu.path("capabilities").toString().contains("\"gpu\""), gpu.toString());
        assertEquals(
                "worker",
                services.get("worker-cpu").at("/environment/QUARKUS_PROFILE").asText());
        assertEquals(
                "[\"monitoring\"]", services.get("prometheus").path("profiles").toString());
        assertEquals(
                "[\"monitoring\"]", services.get("grafana").path("profiles").toString());
        assertEquals(
                "gateway/src/main/docker/Dockerfile.jvm",
                services.get("gateway").at("/build/dockerfile").asText());
        assertFalse(services.get("gateway").path("profiles").isArray(), "the gateway runs without a profile");
    }
}
