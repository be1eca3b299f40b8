package org.deblurgateway.routes.actions;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.deblurgateway.routes.RoutingStatistics;
import org.deblurgateway.routes.messages.IngestMessage;
import org.deblurgateway.routes.messages.ObjectDescription;
import org.deblurgateway.routes.rules.Rule;
import org.deblurgateway.routes.rules.RuleAction;
import org.deblurgateway.routes.spool.OutboundSpool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Action {@code drop}: consumes the object on purpose: deletes the ingest file, logs and counts it. */
@ApplicationScoped
public class DropActionRoute extends RouteBuilder implements RuleAction {

    private static final Logger LOG = LoggerFactory.getLogger(DropActionRoute.class);

    public static final String NAME = "drop";

    private final OutboundSpool spool;
    private final RoutingStatistics statistics;

    public DropActionRoute(OutboundSpool spool, RoutingStatistics statistics) {
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
                ? List.of()
                : List.of("destinations: action 'drop' sends nowhere; remove 'destinations' (or use 'pass')");
    }

    @Override
    public void configure() {
        from("direct:action-" + NAME).routeId("action-drop").process(this::drop);
    }

    private void drop(Exchange exchange) throws IOException {
        IngestMessage ingest = IngestMessage.decode(exchange.getMessage().getHeaders());
        ObjectDescription object = ingest.object();
        boolean existed = spool.delete(ingest.spoolPath());
        statistics.dropped();
        LOG.info(
                "DGW-RT-020 object ({}, {}) from {} dropped by rule '{}'{}",
                object.modality(),
                object.sopClassUid(),
                object.callingAeTitle(),
                object.rule(),
                existed ? "" : " (file was already gone)");
        LOG.debug("dropped SOP instance {}", object.sopInstanceUid());
    }
}
