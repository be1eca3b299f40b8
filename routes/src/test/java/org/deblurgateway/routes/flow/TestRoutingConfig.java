package org.deblurgateway.routes.flow;

import java.nio.file.Path;
import java.time.Duration;
import org.deblurgateway.routes.config.GatewayConfig;
import org.deblurgateway.routes.config.ProcessRole;
import org.deblurgateway.routes.config.RoutingConfig;

/** RoutingConfig values for route tests (what SmallRye Config builds in the application). */
record TestRoutingConfig(Path rulesFile, Ingest ingest, Forward forward) implements RoutingConfig {

    /** gateway.data-dir and gateway.role of a gateway process. */
    record TestGatewayConfig(Path dataDir, ProcessRole role) implements GatewayConfig {}

    static GatewayConfig gateway(Path dataDir) {
        return new TestGatewayConfig(dataDir, ProcessRole.GATEWAY);
    }

    record TestIngest(int concurrentConsumers) implements Ingest {}

    record TestForward(
            int maxAttempts,
            Duration initialDelay,
            double backoffMultiplier,
            Duration maxDelay,
            int concurrentConsumers,
            String callingAeTitle,
            Duration connectTimeout,
            Duration responseTimeout,
            boolean deadLetterPermanentFailures,
            Duration associationIdleTimeout)
            implements Forward {

        /** One association per object. */
        TestForward(
                int maxAttempts,
                Duration initialDelay,
                double backoffMultiplier,
                Duration maxDelay,
                int concurrentConsumers,
                String callingAeTitle,
                Duration connectTimeout,
                Duration responseTimeout,
                boolean deadLetterPermanentFailures) {
            this(
                    maxAttempts,
                    initialDelay,
                    backoffMultiplier,
                    maxDelay,
                    concurrentConsumers,
                    callingAeTitle,
                    connectTimeout,
                    responseTimeout,
                    deadLetterPermanentFailures,
                    Duration.ZERO);
        }
    }

    static TestRoutingConfig of(Path dataDir, int maxAttempts, Duration initialDelay) {
        return new TestRoutingConfig(
                dataDir.resolve("rules.yaml"),
                new TestIngest(1),
                new TestForward(
                        maxAttempts,
                        initialDelay,
                        2.0,
                        Duration.ofSeconds(5),
                        2,
                        "DEBLUR",
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(10),
                        true));
    }
}
