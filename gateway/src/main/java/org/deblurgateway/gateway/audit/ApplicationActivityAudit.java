package org.deblurgateway.gateway.audit;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;

/** Application Activity messages: the gateway (or a worker process) started, and it is stopping. */
@ApplicationScoped
public class ApplicationActivityAudit {

    private final AuditLog audit;

    public ApplicationActivityAudit(AuditLog audit) {
        this.audit = audit;
    }

    void onStart(@Observes StartupEvent event) {
        audit.record(m -> m.applicationActivity(Instant.now(), true, launcher()));
    }

    void onStop(@Observes ShutdownEvent event) {
        audit.record(m -> m.applicationActivity(Instant.now(), false, launcher()));
    }

    /** The operating system user that runs the process: who launched it, as far as the process can tell. */
    private static String launcher() {
        return System.getProperty("user.name", "unknown");
    }
}
