package org.deblurgateway.routes;

import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import org.deblurgateway.routes.config.GatewayConfig;
import org.deblurgateway.routes.config.RoutingConfig;
import org.deblurgateway.routes.messages.ObjectHeaders;

/**
 * Ingest queue -> check of a file from before a power cut ({@link ReceiptCheck}) -> routing rules -> {@code direct:action-<action>} of the first matching rule, all in one JMS
 * transaction, so a crash before the action finished brings the message back.
 */
@Singleton
public class IngestRoute extends PipelineRouteBuilder {

    private final Provider<RuleEvaluator> ruleEvaluator;
    private final ReceiptCheck receiptCheck;
    private final int concurrentConsumers;

    /** The evaluator is looked up only in the gateway role, so a worker process never loads the rules file. */
    public IngestRoute(
            Provider<RuleEvaluator> ruleEvaluator,
            ReceiptCheck receiptCheck,
            RoutingConfig config,
            GatewayConfig gateway) {
        super(gateway);
        this.ruleEvaluator = ruleEvaluator;
        this.receiptCheck = receiptCheck;
        this.concurrentConsumers = config.ingest().concurrentConsumers();
    }

    @Override
    protected void configurePipeline() {
        fromQueue(Queues.INGEST, concurrentConsumers)
                .routeId("ingest")
                .filter(receiptCheck::intact)
                .process(ruleEvaluator.get())
                .toD("direct:action-${header." + ObjectHeaders.ACTION + "}");
    }
}
