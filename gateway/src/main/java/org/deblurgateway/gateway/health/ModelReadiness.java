package org.deblurgateway.gateway.health;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once every model the deblur rules name has loaded; DOWN while one is still loading and, naming the model,
 * its rules and why, when one failed (its objects would otherwise end as network failures).
 */
@Readiness
@ApplicationScoped
public class ModelReadiness implements HealthCheck {

    private final RuleModels models;

    public ModelReadiness(RuleModels models) {
        this.models = models;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("models").up();
        List<ModelLoad> loads = models.loads();
        StringBuilder reason = new StringBuilder();
        for (ModelLoad load : loads) {
            b.withData(
                    load.model(),
                    load.state().name().toLowerCase()
                            + load.detail().map(d -> ": " + d).orElse(""));
            if (load.state() == ModelLoad.State.FAILED) {
                reason.append(reason.isEmpty() ? "" : "; ")
                        .append("GW-MODEL-FAILED model '")
                        .append(load.model())
                        .append("' of rule(s) ")
                        .append(String.join(", ", load.rules()))
                        .append(" failed to load: ")
                        .append(load.detail().orElse("unknown error"));
            } else if (load.state() == ModelLoad.State.LOADING) {
                reason.append(reason.isEmpty() ? "" : "; ")
                        .append("GW-MODEL-LOADING model '")
                        .append(load.model())
                        .append("' is still loading");
            }
        }
        if (!reason.isEmpty()) {
            b.down().withData("reason", reason.toString());
        }
        return b.build();
    }
}
