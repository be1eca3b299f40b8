package org.deblurgateway.routes;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.RouteDefinition;

/**
 * A route builder whose routes consume the gateway's queues. Every queue consumer is JMS-transacted with a local
 * session per consumer thread ({@code lazyCreateTransactionManager=false}): the route's sends ride on the session
 * that took the message (Spring exposes it to producers on the same thread), so a step's message is acknowledged
 * together with its sends, only when its work is done; a failure rolls everything back to the broker.
 */
public abstract class QueueRouteBuilder extends RouteBuilder {

    /**
     * A route consuming {@code queue} through the JMS component {@code component} with {@code consumers} threads,
     * transacted and with failures rolled back to the broker ({@link RollbackToBrokerRouteConfiguration}).
     */
    protected RouteDefinition fromQueue(String component, String queue, int consumers) {
        return from(component + ":queue:" + queue + "?transacted=true&lazyCreateTransactionManager=false"
                        + "&concurrentConsumers=" + consumers + "&maxConcurrentConsumers=" + consumers)
                .routeConfigurationId(RollbackToBrokerRouteConfiguration.ROLLBACK_TO_BROKER);
    }

    /** {@link #fromQueue(String, String, int)} on the default JMS component. */
    protected RouteDefinition fromQueue(String queue, int consumers) {
        return fromQueue("jms", queue, consumers);
    }
}
