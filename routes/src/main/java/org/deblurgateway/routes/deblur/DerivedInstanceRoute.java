package org.deblurgateway.routes.deblur;

import jakarta.inject.Singleton;
import org.deblurgateway.routes.PipelineRouteBuilder;
import org.deblurgateway.routes.Queues;
import org.deblurgateway.routes.config.GatewayConfig;
import org.deblurgateway.routes.forward.OutboundRoute;

/** Result queue -> frame stored in its job -> on the last frame, the derived instance to every destination. */
@Singleton
public class DerivedInstanceRoute extends PipelineRouteBuilder {

    private final DerivedInstanceAssembler assembler;
    private final int assemblers;

    public DerivedInstanceRoute(DerivedInstanceAssembler assembler, DeblurConfig config, GatewayConfig gateway) {
        super(gateway);
        this.assembler = assembler;
        this.assemblers = config.assemblers();
    }

    @Override
    protected void configurePipeline() {
        fromQueue(Queues.DEBLUR_RESULTS, assemblers)
                .routeId("deblur-assemble")
                .process(assembler::process)
                .to(OutboundRoute.ENDPOINT);
    }
}
