package org.deblurgateway.routes.actions;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.deblurgateway.routes.RoutingStatistics;
import org.deblurgateway.routes.RuleEvaluator;
import org.deblurgateway.routes.forward.OutboundRoute;
import org.deblurgateway.routes.messages.CamelMessages;
import org.deblurgateway.routes.messages.IngestMessage;
import org.deblurgateway.routes.messages.ObjectDescription;
import org.deblurgateway.routes.messages.OutboundMessage;
import org.deblurgateway.routes.rules.Rule;
import org.deblurgateway.routes.rules.RuleAction;
import org.deblurgateway.routes.spool.OutboundSpool;
import org.deblurgateway.routes.spool.OutboundSpool.OutboundCopy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Action {@code pass}: gives every destination of the rule its own durable copy of the object, queues one persistent
 * outbound message per destination and removes the ingest file, all inside the ingest route's JMS transaction.
 */
@ApplicationScoped
public class PassActionRoute extends RouteBuilder implements RuleAction {

    private static final Logger LOG = LoggerFactory.getLogger(PassActionRoute.class);

    public static final String NAME = "pass";

    private final OutboundSpool spool;
    private final RoutingStatistics statistics;

    public PassActionRoute(OutboundSpool spool, RoutingStatistics statistics) {
        this.spool = spool;
        this.statistics = statistics;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> validate(Rule rule) {
        return rule.destinations().isEmpty()
                ? List.of("destinations: action 'pass' needs at least one destination")
                : List.of();
    }

    @Override
    public void configure() {
        from("direct:action-" + NAME)
                .routeId("action-pass")
                .process(this::placeOutboundCopies)
                .to(OutboundRoute.ENDPOINT)
                .process(this::removeIngestFile);
    }

    private void placeOutboundCopies(Exchange exchange) throws IOException {
        Rule rule = exchange.getProperty(RuleEvaluator.RULE_PROPERTY, Rule.class);
        IngestMessage ingest = IngestMessage.decode(exchange.getMessage().getHeaders());
        List<OutboundCopy> copies = spool.fanOut(
                ingest.spoolPath(),
                rule.destinations(),
                ingest.placement(exchange.getMessage().getHeader(CamelMessages.JMS_MESSAGE_ID, String.class)));
        List<OutboundMessage> present = new ArrayList<>();
        for (OutboundCopy copy : copies) {
            if (copy.present()) {
                present.add(OutboundMessage.firstAttempt(copy, ingest.object()));
            } else if (copies.stream().anyMatch(OutboundCopy::present)) {
                LOG.error(
                        "DGW-RT-012 object of message {} has no outbound copy for {} after a restart; "
                                + "that destination will not get it",
                        exchange.getMessage().getMessageId(),
                        copy.destination());
            }
        }
        if (present.isEmpty()) {
            // The ingest file and its copies are gone: this message was fully handled before a restart.
            LOG.warn(
                    "DGW-RT-011 ingest object of message {} is already gone; it was handled before a restart, "
                            + "nothing to do",
                    exchange.getMessage().getMessageId());
            statistics.alreadyProcessed();
        }
        exchange.setProperty(OutboundRoute.MESSAGES, present);
    }

    private void removeIngestFile(Exchange exchange) throws IOException {
        List<?> copies = exchange.getProperty(OutboundRoute.MESSAGES, List.class);
        if (copies == null || copies.isEmpty()) {
            return;
        }
        IngestMessage ingest = IngestMessage.decode(exchange.getMessage().getHeaders());
        ObjectDescription object = ingest.object();
        spool.delete(ingest.spoolPath());
        statistics.passed();
        LOG.info(
                "DGW-RT-010 object ({}, {}) passed by rule '{}' to {} destination(s)",
                object.modality(),
                object.sopClassUid(),
                object.rule(),
                copies.size());
    }
}
