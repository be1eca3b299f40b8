package org.deblurgateway.routes;

import jakarta.inject.Singleton;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
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

    public RuleEvaluator(RuleSet ruleSet) {
        this.ruleSet = ruleSet;
    }

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        Rule rule = ruleSet.firstMatch(ObjectAttributes.fromHeaders(message.getHeaders()));
        message.setHeader(ObjectHeaders.RULE, rule.name());
        message.setHeader(ObjectHeaders.ACTION, rule.action());
        exchange.setProperty(RULE_PROPERTY, rule);
        LOG.debug("object {} ({} from {}) matches rule '{}' -> {}", message.getHeader(ObjectHeaders.SOP_INSTANCE_UID),
                message.getHeader(ObjectHeaders.MODALITY), message.getHeader(ObjectHeaders.CALLING_AE), rule.name(),
                rule.action());
    }
}
