package org.deblurgateway.gateway.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.deblurgateway.gateway.SpoolSpace;
import org.deblurgateway.routes.config.GatewayConfig;
import org.deblurgateway.routes.config.ProcessRole;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/** Ready while the spool's file system has at least {@code gateway.health.min-spool-free} free. */
@Readiness
@ApplicationScoped
public class SpoolSpaceReadiness implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(SpoolSpaceReadiness.class);

    private final SpoolSpace spool;
    private final long floorBytes;
    private final boolean gatewayRole;

    public SpoolSpaceReadiness(SpoolSpace spool, HealthConfig config, GatewayConfig process) {
        this.spool = spool;
        this.floorBytes = config.minSpoolFree().asLongValue();
        this.gatewayRole = process.role() == ProcessRole.GATEWAY;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("spool-space");
        if (!gatewayRole) {
            return b.up().withData("role", "worker (no spool)").build();
        }
        b.withData("path", spool.dataDir().toAbsolutePath().toString()).withData("minFreeBytes", floorBytes);
        long free;
        try {
            free = spool.usableBytes();
        } catch (Exception e) {
            return b.down()
                    .withData("reason", "GW-SPOOL-UNKNOWN free space cannot be read: " + e.getMessage())
                    .build();
        }
        b.withData("freeBytes", free);
        if (free < floorBytes) {
            LOG.warnf(
                    "GW-SPOOL-LOW %d bytes free in %s, below gateway.health.min-spool-free (%d)",
                    free, spool.dataDir().toAbsolutePath(), floorBytes);
            return b.down()
                    .withData(
                            "reason",
                            "GW-SPOOL-LOW " + free + " bytes free, below the floor of " + floorBytes
                                    + " (gateway.health.min-spool-free)")
                    .build();
        }
        return b.up().build();
    }
}
