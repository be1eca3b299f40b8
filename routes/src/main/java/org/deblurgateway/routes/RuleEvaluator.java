package org.deblurgateway.routes;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.deblurgateway.routes.deblur.DeblurActionRoute;
import org.deblurgateway.routes.deblur.DeblurOptions;
import org.deblurgateway.routes.events.EventObjects;
import org.deblurgateway.routes.events.PipelineEvent;
import org.deblurgateway.routes.events.PipelineEvents;
import org.deblurgateway.routes.messages.IngestMessage;
import org.deblurgateway.routes.rules.ActiveRules;
import org.deblurgateway.routes.rules.MatchExplanation;
import org.deblurgateway.routes.rules.ObjectAttributes;
import org.deblurgateway.routes.rules.Rule;
import org.deblurgateway.routes.rules.RuleSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The rules step: finds the first rule that matches a received object and marks the exchange with it. */
@Singleton
public class RuleEvaluator implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(RuleEvaluator.class);

    /** Exchange property with the matching {@link Rule} (the action routes read destinations and options from it). */
    public static final String RULE_PROPERTY = "deblurGateway.rule";

    private final ActiveRules rules;
    private final PipelineEvents events;

    @Inject
    public RuleEvaluator(ActiveRules rules, PipelineEvents events) {
        this.rules = rules;
        this.events = events;
    }

    /** A deblur rule with {@code forward-original: false} sends its derived instance in the original's place. */
    private static boolean sendsOriginal(Rule rule) {
        return !DeblurActionRoute.NAME.equals(rule.action())
                || DeblurOptions.of(rule.options(), "").forwardOriginal();
    }

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        IngestMessage ingest = IngestMessage.decode(message.getHeaders());
        ObjectAttributes attributes = ingest.object().attributes();
        // One snapshot per object: a swap while it is judged cannot mix two versions. The chosen rule (destinations,
        // options) travels on the exchange and in the action's messages, so an object routed before a swap finishes
        // under the rule it matched.
        RuleSet ruleSet = rules.ruleSet();
        Rule rule = ruleSet.firstMatch(attributes);
        IngestMessage matched = ingest.matched(rule.name(), rule.action());
        message.getHeaders().putAll(matched.headers());
        exchange.setProperty(RULE_PROPERTY, rule);
        events.record(new PipelineEvent.RuleMatched(
                Instant.now(),
                EventObjects.of(matched.object()),
                rule.name(),
                rule.action(),
                MatchExplanation.of(ruleSet, attributes, rule),
                attributes,
                rule.destinations(),
                sendsOriginal(rule)));
        LOG.debug(
                "object {} ({} from {}) matches rule '{}' -> {}",
                ingest.object().sopInstanceUid(),
                ingest.object().modality(),
                ingest.object().callingAeTitle(),
                rule.name(),
                rule.action());
    }
}
