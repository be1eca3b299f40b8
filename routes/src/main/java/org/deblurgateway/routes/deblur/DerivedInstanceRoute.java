package org.deblurgateway.routes.deblur;

import jakarta.enterprise.context.ApplicationScoped;
import org.apache.camel.builder.RouteBuilder;
import org.deblurgateway.routes.GatewayRouteConfiguration;
import org.deblurgateway.routes.Queues;
import org.deblurgateway.routes.config.ProcessRole;
import org.deblurgateway.routes.config.RoutingConfig;
import org.deblurgateway.routes.messages.CamelMessages;

/** Result queue -> frame stored in its job -> on the last frame, the derived instance to every destination. */
@ApplicationScoped
public class DerivedInstanceRoute extends RouteBuilder {

    private final DerivedInstanceAssembler assembler;
    private final int assemblers;
    private final boolean enabled;

    public DerivedInstanceRoute(DerivedInstanceAssembler assembler, DeblurConfig config, RoutingConfig routing) {
        this.assembler = assembler;
        this.assemblers = config.assemblers();
        this.enabled = routing.role() == ProcessRole.GATEWAY;
    }

    @Override
    public void configure() {
        if (!enabled) {
            return;
        }
        from("jms:queue:" + Queues.DEBLUR_RESULTS + "?transacted=true&lazyCreateTransactionManager=false"
                + "&concurrentConsumers=" + assemblers + "&maxConcurrentConsumers=" + assemblers)
                .routeId("deblur-assemble")
                .routeConfigurationId(GatewayRouteConfiguration.ROLLBACK_TO_BROKER)
                .process(assembler::process)
                .split(exchangeProperty(DerivedInstanceAssembler.OUTBOUND_COPIES)).stopOnException()
                    .process(CamelMessages::writeBody)
                    .to("jms:queue:" + Queues.OUTBOUND)
                .end();
    }
}
