package org.deblurgateway.routes;

import jakarta.enterprise.context.ApplicationScoped;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteConfigurationBuilder;

/**
 * Error handling shared by every route that consumes a queue: no in-memory redelivery, the failure is logged and
 * rethrown so the JMS transaction rolls back and the broker redelivers the message (its address settings decide the
 * delay and where a message goes after too many tries). Nothing is marked handled, so nothing is lost silently.
 */
@ApplicationScoped
public class RollbackToBrokerRouteConfiguration extends RouteConfigurationBuilder {

    /** Route configuration id for transacted JMS consumers. */
    public static final String ROLLBACK_TO_BROKER = "rollback-to-broker";

    @Override
    public void configuration() {
        routeConfiguration(ROLLBACK_TO_BROKER)
                .errorHandler(defaultErrorHandler()
                        .maximumRedeliveries(0)
                        .logStackTrace(true)
                        .logExhausted(true)
                        .logExhaustedMessageBody(false)
                        .retriesExhaustedLogLevel(LoggingLevel.ERROR));
    }
}
