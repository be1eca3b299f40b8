package org.deblurgateway.routes;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Provider;
import org.apache.camel.builder.RouteBuilder;
import org.deblurgateway.routes.config.ProcessRole;
import org.deblurgateway.routes.messages.ObjectHeaders;
import org.deblurgateway.routes.config.RoutingConfig;

/**
 * Ingest queue -> routing rules -> {@code direct:action-<action>} of the first matching rule, all in one JMS
 * transaction, so a crash before the action finished brings the message back.
 */
@ApplicationScoped
public class IngestRoute extends RouteBuilder {

    private final Provider<RuleEvaluator> ruleEvaluator;
    private final int concurrentConsumers;
    private final boolean enabled;

    /** The evaluator is looked up only in the gateway role, so a worker process never loads the rules file. */
    public IngestRoute(Provider<RuleEvaluator> ruleEvaluator, RoutingConfig config) {
        this.ruleEvaluator = ruleEvaluator;
        this.concurrentConsumers = config.ingest().concurrentConsumers();
        this.enabled = config.role() == ProcessRole.GATEWAY;
    }

    @Override
    public void configure() {
        if (!enabled) {
            return; // a worker process only deblurs frames
        }
        from("jms:queue:" + Queues.INGEST + "?transacted=true&lazyCreateTransactionManager=false"
                + "&concurrentConsumers=" + concurrentConsumers + "&maxConcurrentConsumers=" + concurrentConsumers)
                .routeId("ingest")
                .routeConfigurationId(GatewayRouteConfiguration.ROLLBACK_TO_BROKER)
                .process(ruleEvaluator.get())
                .toD("direct:action-${header." + ObjectHeaders.ACTION + "}");
    }
}
