package org.deblurgateway.gateway;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.deblurgateway.routes.events.PipelineEvents;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The shipped Grafana dashboard is valid JSON and asks only for metrics the gateway exposes. */
@QuarkusTest
@TestProfile(MetricsTestProfile.class)
class GrafanaDashboardTest {

    static final Path DASHBOARD = MetricsTestProfile.repoRoot().resolve("conf/grafana/dashboards/deblur-gateway.json");

    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Set<String> PROMQL_WORDS = Set.of(
            "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless", "offset");

    @Inject
    PipelineEvents events;

    @ConfigProperty(name = "quarkus.http.test-port")
    int httpPort;

    @Test
    void everyMetricOfTheDashboard_isInAScrape() throws Exception {
        List<String> expressions = new ArrayList<>();
        collectExpressions(new ObjectMapper().readTree(DASHBOARD.toFile()), expressions);
        assertTrue(expressions.size() >= 15, "expressions found: " + expressions);
        // Labelled counters and histograms appear once they have counted something.
        SampleEvents.oneOfEach().forEach(events::record);
        PrometheusScrape scrape = PrometheusScrape.of(httpPort);
        Set<String> missing = new TreeSet<>();
        for (String expr : expressions) {
            Set<String> metrics = metricNames(expr);
            assertFalse(metrics.isEmpty(), "no metric in " + expr);
            metrics.stream().filter(name -> !scrape.has(name)).forEach(missing::add);
        }
        assertTrue(missing.isEmpty(), "dashboard metrics not in /q/metrics: " + missing);
    }

    @Test
    void metricNames_readsNamesNotFunctionsLabelsOrRanges() {
        // The parser itself: a name it missed would make the check above pass for nothing.
        assertTrue(
                metricNames("histogram_quantile(0.95, sum by (le, model) (rate(a_bucket{x=\"y\"}[$__rate_interval])))"
                                + " / on (model) b_total offset 5m")
                        .equals(Set.of("a_bucket", "b_total")));
    }

    private static void collectExpressions(JsonNode node, List<String> into) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                if (field.getKey().equals("expr") && field.getValue().isTextual()) {
                    into.add(field.getValue().asText());
                } else {
                    collectExpressions(field.getValue(), into);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectExpressions(child, into));
        }
    }

    /** Metric names of a PromQL expression: identifiers that are not functions, keywords, labels or variables. */
    static Set<String> metricNames(String expr) {
        String bare = expr.replaceAll("\\{[^}]*}", " ") // label matchers
                .replaceAll("\\[[^]]*]", " ") // ranges
                .replaceAll("\\$\\w+", " ") // Grafana variables
                .replaceAll("\"[^\"]*\"", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
                .replaceAll("\\boffset\\s+\\w+", " ");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(bare);
        while (m.find()) {
            String word = m.group();
            int next = m.end();
            while (next < bare.length() && bare.charAt(next) == ' ') {
                next++;
            }
            boolean function = next < bare.length() && bare.charAt(next) == '(';
            boolean number = m.start() > 0 && Character.isDigit(bare.charAt(m.start() - 1));
            if (!function && !number && !PROMQL_WORDS.contains(word)) {
                names.add(word);
            }
        }
        return names;
    }
}
