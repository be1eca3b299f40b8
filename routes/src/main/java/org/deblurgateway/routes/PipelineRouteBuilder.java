package org.deblurgateway.routes;

import org.deblurgateway.routes.config.ProcessRole;

/**
 * A route builder of the gateway's own pipeline (ingest, assembly, outbound, forwarding), whose routes exist only in
 * the gateway role: a worker process only deblurs frames, and never loads the rules file or the forwarder. Beans of
 * this type are {@code @Singleton}: a normal-scoped proxy would need a no-argument constructor here.
 */
public abstract class PipelineRouteBuilder extends QueueRouteBuilder {

    private final ProcessRole role;

    protected PipelineRouteBuilder(ProcessRole role) {
        this.role = role;
    }

    @Override
    public void configure() {
        if (role.hostsPipeline()) {
            configurePipeline();
        }
    }

    /** Builds the routes; called only in the gateway role. */
    protected abstract void configurePipeline();
}
