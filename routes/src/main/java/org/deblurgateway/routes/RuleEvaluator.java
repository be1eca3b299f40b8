package org.deblurgateway.routes;

import jakarta.inject.Singleton;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.deblurgateway.routes.messages.IngestMessage;
import org.deblurgateway.routes.messages.ObjectHeaders;
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
        IngestMessage ingest = IngestMessage.decode(message.getHeaders());
        Rule rule = ruleSet.firstMatch(ingest.object().attributes());
        message.getHeaders().putAll(ingest.matched(rule.name(), rule.action()).headers());
        exchange.setProperty(RULE_PROPERTY, rule);
        LOG.debug("object {} ({} from {}) matches rule '{}' -> {}", ingest.object().sopInstanceUid(),
                ingest.object().modality(), ingest.object().callingAeTitle(), rule.name(), rule.action());
    }
}
