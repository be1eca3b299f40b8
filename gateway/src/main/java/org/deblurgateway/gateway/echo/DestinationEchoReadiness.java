package org.deblurgateway.gateway.echo;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Each destination's last scheduled C-ECHO as readiness data ({@code <name>: "UP 3 ms"} or {@code "DOWN: reason"}),
 * with {@code degraded: true} while any is down. The check itself stays UP: the gateway is exactly what keeps
 * modalities sending while a PACS is away (it holds every object and retries), so a balancer or orchestrator must
 * not take it out of service for that; a monitor reads the detail instead.
 */
@Readiness
@ApplicationScoped
public class DestinationEchoReadiness implements HealthCheck {

    private final DestinationEchoes echoes;

    public DestinationEchoReadiness(DestinationEchoes echoes) {
        this.echoes = echoes;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("destinations").up();
        if (!echoes.enabled()) {
            return b.withData("echo", "off").build();
        }
        Map<String, EchoState> states = echoes.states();
        boolean degraded = false;
        for (EchoState s : states.values()) {
            b.withData(s.destination(), s.up() ? "UP " + s.millis() + " ms" : "DOWN: " + s.detail());
            degraded |= !s.up();
        }
        if (degraded) {
            b.withData("reason", "GW-DEST-DOWN");
        }
        return b.withData("degraded", degraded).build();
    }
}
