package org.deblurgateway.routes.forward;

import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import org.deblurgateway.routes.PipelineRouteBuilder;
import org.deblurgateway.routes.Queues;
import org.deblurgateway.routes.config.GatewayConfig;
import org.deblurgateway.routes.config.RoutingConfig;

/**
 * Outbound queue -> one C-STORE attempt -> done, retry later, or dead-letter queue.
 *
 * <p>Retries are new messages on the outbound queue, sent in the same JMS transaction that consumes the failed one and
 * scheduled by the broker for after the backoff delay. So a destination that is down holds no consumer thread (other
 * destinations keep flowing), the attempt count and the peer's last status travel on the message, and a crash at any
 * point either redoes the attempt or has committed its outcome.
 */
@Singleton
public class ForwardRoute extends PipelineRouteBuilder {

    private final Provider<Forwarder> forwarder;
    private final int concurrentConsumers;

    /** The forwarder (and with it the rules file) is looked up only in the gateway role, not in a worker process. */
    public ForwardRoute(Provider<Forwarder> forwarder, RoutingConfig config, GatewayConfig gateway) {
        super(gateway);
        this.forwarder = forwarder;
        this.concurrentConsumers = config.forward().concurrentConsumers();
    }

    @Override
    protected void configurePipeline() {
        fromQueue(Queues.OUTBOUND, concurrentConsumers)
                .routeId("forward")
                .process(forwarder.get())
                .choice()
                .when(exchangeProperty(Forwarder.DECISION).isEqualTo(ForwardDecision.RETRY))
                .to("jms:queue:" + Queues.OUTBOUND)
                .when(exchangeProperty(Forwarder.DECISION).isEqualTo(ForwardDecision.DEAD_LETTER))
                .to("jms:queue:" + Queues.OUTBOUND_DEAD_LETTER)
                .end();
    }
}
