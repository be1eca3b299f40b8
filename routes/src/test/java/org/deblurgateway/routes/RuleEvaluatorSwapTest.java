package org.deblurgateway.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.deblurgateway.routes.actions.DropActionRoute;
import org.deblurgateway.routes.actions.PassActionRoute;
import org.deblurgateway.routes.events.PipelineEvent;
import org.deblurgateway.routes.events.PipelineEventSink;
import org.deblurgateway.routes.events.PipelineEvents;
import org.deblurgateway.routes.messages.IngestMessage;
import org.deblurgateway.routes.messages.ObjectDescription;
import org.deblurgateway.routes.messages.ObjectHeaders;
import org.deblurgateway.routes.rules.ActiveRules;
import org.deblurgateway.routes.rules.ObjectAttributes;
import org.deblurgateway.routes.rules.Rule;
import org.deblurgateway.routes.rules.RulesParser;
import org.deblurgateway.routes.rules.RulesReload;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rules step against rules swapped while objects are on their way: an object judged before the swap keeps the
 * rule (and its destinations) it matched, the next one is judged by the new rules, and the trail event carries the
 * attributes the rules looked at.
 */
class RuleEvaluatorSwapTest {

    private static final String PASS_TO_BOTH = """
            destinations:
              pacs: {ae-title: PACS, host: 127.0.0.1, port: 4242}
              archive: {ae-title: ARCHIVE, host: 127.0.0.1, port: 4243}
            rules:
              - name: to-both
                action: pass
                destinations: [pacs, archive]
            """;
    private static final String DROP_CR = """
            destinations:
              pacs: {ae-title: PACS, host: 127.0.0.1, port: 4242}
            rules:
              - name: drop-cr
                match: {modality: CR}
                action: drop
              - name: default
                action: pass
                destinations: [pacs]
            """;

    @TempDir
    Path dir;

    @Test
    void process_rulesSwappedBetweenObjects_eachKeepsTheRuleItMatched() throws Exception {
        RulesParser parser = new RulesParser(List.of(new PassActionRoute(null, null), new DropActionRoute(null, null)));
        Path file = Files.writeString(dir.resolve("rules.yaml"), PASS_TO_BOTH);
        ActiveRules active = new ActiveRules(RulesReload.initial(parser, file, Clock.systemUTC()));
        RulesReload reload = new RulesReload(parser, active, file, change -> {}, Clock.systemUTC());
        List<PipelineEvent> events = new ArrayList<>();
        PipelineEventSink sink = events::add;
        RuleEvaluator evaluator = new RuleEvaluator(active, new PipelineEvents(List.of(sink)));

        try (CamelContext camel = new DefaultCamelContext()) {
            Exchange first = ingest(camel, "2.25.1");
            evaluator.process(first);
            reload.apply(DROP_CR, "alice");
            Exchange second = ingest(camel, "2.25.2");
            evaluator.process(second);

            Rule before = first.getProperty(RuleEvaluator.RULE_PROPERTY, Rule.class);
            assertEquals("to-both", before.name());
            assertEquals(List.of("pacs", "archive"), before.destinations());
            assertEquals("pass", first.getMessage().getHeader(ObjectHeaders.ACTION));
            Rule after = second.getProperty(RuleEvaluator.RULE_PROPERTY, Rule.class);
            assertEquals("drop-cr", after.name());
            assertEquals("drop", second.getMessage().getHeader(ObjectHeaders.ACTION));
        }
        PipelineEvent.RuleMatched matched = assertInstanceOf(PipelineEvent.RuleMatched.class, events.get(1));
        assertEquals(
                new ObjectAttributes("XRAY1", "DEBLUR", "CR", "1.2.840.10008.5.1.4.1.1.1", "CHEST", "PA", null),
                matched.attributes());
    }

    private static Exchange ingest(CamelContext camel, String sopInstanceUid) {
        Exchange exchange = new DefaultExchange(camel);
        ObjectDescription object = new ObjectDescription(
                "XRAY1",
                "DEBLUR",
                "1.2.840.10008.5.1.4.1.1.1",
                sopInstanceUid,
                "2.25.10",
                "2.25.20",
                "1.2.840.10008.1.2.1",
                "CR",
                "CHEST",
                "PA",
                null,
                System.currentTimeMillis(),
                null,
                null);
        exchange.getMessage().setHeaders(new IngestMessage("ingest/" + sopInstanceUid + ".dcm", object).headers());
        return exchange;
    }
}
