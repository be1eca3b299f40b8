package org.deblurgateway.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.deblurgateway.dicom.net.AssociationRejection;
import org.deblurgateway.dicom.scp.ListenerObserver;

/**
 * The DICOM listener's own meters: associations by outcome and C-STORE response times by status class, measured
 * where the listener sees them (command in, response out). Every series is registered up front, so a dashboard
 * shows zero rather than "no data" before the first association, and the listener's thread only increments.
 */
@Startup // built at start, not at the first association: its series must be there from the first scrape
@ApplicationScoped
public class ListenerMetrics implements ListenerObserver {

    private static final Duration[] STORE_BUCKETS = {
        Duration.ofMillis(5),
        Duration.ofMillis(10),
        Duration.ofMillis(25),
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofSeconds(2),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(30)
    };

    private final Counter accepted;
    private final Map<AssociationRejection, Counter> rejected = new EnumMap<>(AssociationRejection.class);
    private final Timer success;
    private final Timer warning;
    private final Timer failure;

    public ListenerMetrics(MeterRegistry registry) {
        this.accepted = associations(registry, "accepted", LabelValues.NONE);
        for (AssociationRejection reason : AssociationRejection.values()) {
            rejected.put(
                    reason,
                    associations(
                            registry,
                            "rejected",
                            reason.name().toLowerCase(Locale.ROOT).replace('_', '-')));
        }
        this.success = storeTimer(registry, "success");
        this.warning = storeTimer(registry, "warning");
        this.failure = storeTimer(registry, "failure");
    }

    @Override
    public void associationAccepted() {
        accepted.increment();
    }

    @Override
    public void associationRejected(AssociationRejection reason) {
        rejected.get(reason).increment();
    }

    @Override
    public void storeAnswered(int status, long nanos) {
        Timer timer = switch (ListenerObserver.statusClass(status)) {
            case "success" -> success;
            case "warning" -> warning;
            default -> failure;
        };
        timer.record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
    }

    private static Counter associations(MeterRegistry registry, String outcome, String reason) {
        return Counter.builder(MetricNames.ASSOCIATIONS)
                .description("DICOM associations asked of the listener: accepted (A-ASSOCIATE-AC) or rejected"
                        + " (A-ASSOCIATE-RJ, with the reason)")
                .tags("outcome", outcome, "reason", reason)
                .register(registry);
    }

    private static Timer storeTimer(MeterRegistry registry, String statusClass) {
        return Timer.builder(MetricNames.STORE_RESPONSE)
                .description("Time from a C-STORE-RQ command received to its C-STORE-RSP sent (transfer, fsync and"
                        + " broker commit included), by the answer's status class")
                .tags("status_class", statusClass)
                .serviceLevelObjectives(STORE_BUCKETS)
                .register(registry);
    }
}
