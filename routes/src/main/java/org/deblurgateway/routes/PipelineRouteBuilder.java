package org.deblurgateway.routes;

import org.deblurgateway.routes.config.GatewayConfig;

/**
 * A route builder of the gateway's own pipeline (ingest, assembly, outbound, forwarding), whose routes exist only in
 * the gateway role: a worker process only deblurs frames, and never loads the rules file or the forwarder. Beans of
 * this type are {@code @Singleton}: a normal-scoped proxy would need a no-argument constructor here.
 */
public abstract class PipelineRouteBuilder extends QueueRouteBuilder {

    private final boolean hostsPipeline;

    protected PipelineRouteBuilder(GatewayConfig gateway) {
        this.hostsPipeline = gateway.role().hostsPipeline();
    }

    @Override
    public void configure() {
        if (hostsPipeline) {
            configurePipeline();
        }
    }

    /** Builds the routes; called only in the gateway role. */
    protected abstract void configurePipeline();
}
