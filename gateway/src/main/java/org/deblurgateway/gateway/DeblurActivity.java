package org.deblurgateway.gateway;

import jakarta.enterprise.context.ApplicationScoped;
import org.deblurgateway.routes.RoutingStatistics;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;

/**
 * What the deblur stages did since start, on {@code /q/health/live}: derived instances, frames deblurred in this
 * process, and objects of deblur rules that went through unchanged, per reason.
 */
@Liveness
@ApplicationScoped
public class DeblurActivity implements HealthCheck {

    private final RoutingStatistics statistics;

    public DeblurActivity(RoutingStatistics statistics) {
        this.statistics = statistics;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("deblur")
                .up()
                .withData("derivedInstances", statistics.derivedInstanceCount())
                .withData("framesDeblurred", statistics.framesDeblurredCount());
        statistics.passedThroughCounts().forEach((reason, count) -> b.withData("passedThrough." + reason, count));
        return b.build();
    }
}
