package org.deblurgateway.gateway;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.config.ConfigMapping;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.deblurgateway.gateway.health.HealthConfig;
import org.deblurgateway.routes.config.RoutingConfig;
import org.deblurgateway.routes.deblur.DeblurConfig;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every environment key that docker-compose.yml gives the gateway's image is a configuration key of the running
 * application: one of its configuration names (application.properties, Quarkus' own keys with their defaults) or a
 * key of one of our {@code @ConfigMapping}s (optional ones have no default and so no name until set). Env names
 * follow MicroProfile Config's rule (non-alphanumerics to '_', upper case); {@code _PROFILE_KEY} is a key of that
 * profile.
 */
@QuarkusTest
@TestProfile(MetricsTestProfile.class)
class ComposeEnvironmentTest {

    private static final List<Class<?>> MAPPINGS = List.of(
            DicomListenerConfig.class, BrokerConfig.class, RoutingConfig.class, DeblurConfig.class, HealthConfig.class);
    /** Read by Quarkus itself before configuration names exist. */
    private static final Set<String> QUARKUS_LAUNCH_KEYS = Set.of("QUARKUS_PROFILE");

    private static final Set<String> NAMED_KEY_PREFIXES =
            Set.of("QUARKUS_SECURITY_USERS_EMBEDDED_USERS_", "QUARKUS_SECURITY_USERS_EMBEDDED_ROLES_");

    private static Set<String> known;

    @BeforeAll
    static void knownKeys() {
        known = new HashSet<>();
        ConfigProvider.getConfig().getPropertyNames().forEach(name -> known.add(envName(name)));
        for (Class<?> mapping : MAPPINGS) {
            addMappingKeys(mapping, mapping.getAnnotation(ConfigMapping.class).prefix());
        }
    }

    @Test
    void environmentOfGatewayServices_namesRealConfigurationKeys() throws Exception {
        List<Map.Entry<String, String>> keys = ComposeFile.gatewayEnvironment(ComposeFile.read(ComposeFile.PATH));
        assertTrue(keys.size() >= 10, keys.toString());
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, String> key : keys) {
            if (!isConfigKey(key.getValue())) {
                unknown.add(key.getKey() + ": " + key.getValue());
            }
        }
        assertTrue(unknown.isEmpty(), "not configuration keys: " + unknown);
    }

    @Test
    void check_rejectsMisspelledKeys() {
        assertTrue(isConfigKey("GATEWAY_DICOM_PORT"));
        assertTrue(isConfigKey("GATEWAY_BROKER_URL")); // optional, no default
        assertTrue(isConfigKey("_WORKER_QUARKUS_HTTP_PORT"));
        assertFalse(isConfigKey("GATEWAY_DICOM_PROT"));
        assertFalse(isConfigKey("GATEWAY_HEALTH_MIN_SPOOL"));
        assertFalse(isConfigKey("QUARKUS_HTTP_HOSTNAME_X"));
    }

    private static boolean isConfigKey(String env) {
        if (QUARKUS_LAUNCH_KEYS.contains(env)) {
            return true;
        }
        // Keys whose last part is a name the site chooses (a console user).
        if (NAMED_KEY_PREFIXES.stream().anyMatch(prefix -> env.startsWith(prefix) && env.length() > prefix.length())) {
            return true;
        }
        String key = env;
        if (key.startsWith("_")) { // _PROFILE_KEY
            int end = key.indexOf('_', 1);
            key = end < 0 ? key : key.substring(end + 1);
        }
        return known.contains(key);
    }

    static String envName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    private static void addMappingKeys(Class<?> type, String prefix) {
        for (Method method : type.getMethods()) {
            if (Modifier.isStatic(method.getModifiers()) || method.isDefault() || method.getParameterCount() > 0) {
                continue;
            }
            String key = prefix + "." + kebab(method.getName());
            Class<?> result = method.getReturnType();
            if (result.isInterface() && result.getEnclosingClass() == type) {
                addMappingKeys(result, key); // a group such as gateway.forward
            } else {
                known.add(envName(key));
            }
        }
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
