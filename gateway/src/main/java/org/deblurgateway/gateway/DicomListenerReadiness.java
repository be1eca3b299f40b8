package org.deblurgateway.gateway;

import jakarta.enterprise.context.ApplicationScoped;
import org.deblurgateway.dicom.scp.DicomListener;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready while the DICOM listener's ports (plain and, when configured, TLS) are bound. */
@Readiness
@ApplicationScoped
public class DicomListenerReadiness implements HealthCheck {

    private final DicomListenerService service;

    public DicomListenerReadiness(DicomListenerService service) {
        this.service = service;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("dicom-listener");
        if (!service.enabled()) {
            return b.up().withData("role", "worker (no DICOM listener)").build();
        }
        DicomListener listener = service.listener().orElse(null);
        if (listener == null || !listener.isBound()) {
            return b.down().withData("reason", "not listening").build();
        }
        b.up().withData("port", listener.port()).withData("activeAssociations", listener.activeAssociations());
        if (listener.tlsPort() >= 0) {
            b.withData("tlsPort", listener.tlsPort());
        }
        return b.build();
    }
}
