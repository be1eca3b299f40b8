package org.deblurgateway.routes;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.deblurgateway.routes.messages.IngestMessage;
import org.deblurgateway.routes.messages.ObjectHeaders;
import org.deblurgateway.routes.events.EventObjects;
import org.deblurgateway.routes.events.PipelineEvent;
import org.deblurgateway.routes.events.PipelineEvents;
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

    private final RuleSet ruleSet;
    private final PipelineEvents events;

    public RuleEvaluator(RuleSet ruleSet) {
        this(ruleSet, PipelineEvents.none());
    }

    @Inject
    public RuleEvaluator(RuleSet ruleSet, PipelineEvents events) {
        this.ruleSet = ruleSet;
        this.events = events;
    }

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        IngestMessage ingest = IngestMessage.decode(message.getHeaders());
        ObjectAttributes attributes = ingest.object().attributes();
        Rule rule = ruleSet.firstMatch(attributes);
        IngestMessage matched = ingest.matched(rule.name(), rule.action());
        message.getHeaders().putAll(matched.headers());
        exchange.setProperty(RULE_PROPERTY, rule);
        events.record(new PipelineEvent.RuleMatched(Instant.now(), EventObjects.of(matched.object()),
                rule.name(), rule.action(), MatchExplanation.of(ruleSet, attributes, rule)));
        LOG.debug("object {} ({} from {}) matches rule '{}' -> {}", ingest.object().sopInstanceUid(),
                ingest.object().modality(), ingest.object().callingAeTitle(), rule.name(), rule.action());
    }
}
