package org.deblurgateway.routes.forward;

import jakarta.inject.Singleton;
import org.deblurgateway.routes.PipelineRouteBuilder;
import org.deblurgateway.routes.Queues;
import org.deblurgateway.routes.config.GatewayConfig;
import org.deblurgateway.routes.messages.CamelMessages;
import org.deblurgateway.routes.messages.OutboundMessage;

/**
 * {@code direct:outbound}: queues the {@link OutboundMessage}s in the exchange property {@link #MESSAGES}, one per
 * destination copy, for the forward route. Called by the actions and the assembler inside the transaction of the
 * message they consume, on the same thread, so the sends commit or roll back with it.
 */
@Singleton
public class OutboundRoute extends PipelineRouteBuilder {

    public static final String ENDPOINT = "direct:outbound";
    /** Exchange property: the list of {@link OutboundMessage}s to queue (none when absent or empty). */
    public static final String MESSAGES = "deblurGateway.outboundMessages";

    public OutboundRoute(GatewayConfig gateway) {
        super(gateway);
    }

    @Override
    protected void configurePipeline() {
        from(ENDPOINT)
                .routeId("outbound")
                .split(exchangeProperty(MESSAGES))
                .stopOnException()
                .process(CamelMessages::writeBody)
                .to("jms:queue:" + Queues.OUTBOUND)
                .end();
    }
}
