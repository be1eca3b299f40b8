package org.deblurgateway.routes;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
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
        ObjectAttributes attributes = ObjectAttributes.fromHeaders(message.getHeaders());
        Rule rule = ruleSet.firstMatch(attributes);
        message.setHeader(ObjectHeaders.RULE, rule.name());
        message.setHeader(ObjectHeaders.ACTION, rule.action());
        exchange.setProperty(RULE_PROPERTY, rule);
        events.record(new PipelineEvent.RuleMatched(Instant.now(), EventObjects.fromHeaders(message.getHeaders()),
                rule.name(), rule.action(), MatchExplanation.of(ruleSet, attributes, rule)));
        LOG.debug("object {} ({} from {}) matches rule '{}' -> {}", message.getHeader(ObjectHeaders.SOP_INSTANCE_UID),
                message.getHeader(ObjectHeaders.MODALITY), message.getHeader(ObjectHeaders.CALLING_AE), rule.name(),
                rule.action());
    }
}
