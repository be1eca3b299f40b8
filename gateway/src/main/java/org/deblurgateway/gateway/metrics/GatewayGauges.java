package org.deblurgateway.gateway.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.deblurgateway.dicom.scp.DicomListener;
import org.deblurgateway.gateway.BrokerQueues;
import org.deblurgateway.gateway.DicomListenerService;
import org.deblurgateway.gateway.JournalSpace;
import org.deblurgateway.gateway.SpoolSpace;
import org.deblurgateway.routes.config.GatewayConfig;
import org.deblurgateway.routes.config.ProcessRole;
import org.jboss.logging.Logger;

/**
 * Gauges read when Prometheus scrapes: queue depths, dead letters, free spool space and open associations. Only the
 * gateway process registers them; its worker processes share its broker and have no spool or listener, and a second
 * copy of the same queue depth would be counted twice by a sum over instances.
 */
@ApplicationScoped
public class GatewayGauges {

    private static final Logger LOG = Logger.getLogger(GatewayGauges.class);

    private final MeterRegistry registry;
    private final BrokerQueueDepths depths;
    private final SpoolSpace spool;
    private final JournalSpace journal;
    private final DicomListenerService listener;
    private final boolean gatewayRole;

    public GatewayGauges(
            MeterRegistry registry,
            BrokerQueueDepths depths,
            SpoolSpace spool,
            JournalSpace journal,
            DicomListenerService listener,
            GatewayConfig process) {
        this.registry = registry;
        this.depths = depths;
        this.spool = spool;
        this.journal = journal;
        this.listener = listener;
        this.gatewayRole = process.role() == ProcessRole.GATEWAY;
    }

    void register(@Observes StartupEvent event) {
        if (!gatewayRole) {
            return;
        }
        for (String queue : BrokerQueues.WORK) {
            queueGauge(MetricNames.QUEUE_MESSAGES, "Messages waiting in a work queue of the pipeline", queue);
        }
        for (String queue : BrokerQueues.DEAD_LETTER) {
            queueGauge(MetricNames.DEAD_LETTER_MESSAGES, "Messages in a dead-letter queue (need an operator)", queue);
        }
        // The gauges hold these beans strongly: CDI client proxies are referenced nowhere else and would be collected.
        Gauge.builder(MetricNames.SPOOL_FREE_BYTES, spool, GatewayGauges::usableBytes)
                .description("Free bytes of the file system holding the spool (gateway.data-dir)")
                .strongReference(true)
                .register(registry);
        if (journal.journalDir().isPresent()) {
            Gauge.builder(MetricNames.JOURNAL_FREE_BYTES, journal, GatewayGauges::usableBytes)
                    .description("Free bytes of the file system holding the embedded broker's journal")
                    .strongReference(true)
                    .register(registry);
        }
        Gauge.builder(
                        MetricNames.FRAME_CONSUMERS,
                        depths,
                        d -> d.frameConsumers().map(c -> (double) c.size()).orElse(Double.NaN))
                .description("Consumers of the frames queue on the broker now (frame worker threads of this gateway"
                        + " and of worker processes); NaN when the broker does not answer")
                .strongReference(true)
                .register(registry);
        Gauge.builder(
                        MetricNames.ASSOCIATIONS_ACTIVE,
                        listener,
                        l -> l.listener().map(DicomListener::activeAssociations).orElse(0))
                .description("DICOM associations being served now")
                .strongReference(true)
                .register(registry);
    }

    private void queueGauge(String name, String description, String queue) {
        Gauge.builder(name, depths, d -> d.messages(queue))
                .description(description)
                .tag("queue", queue)
                .strongReference(true)
                .register(registry);
    }

    private static double usableBytes(JournalSpace journal) {
        try {
            return journal.usableBytes().orElseThrow();
        } catch (Exception e) {
            LOG.debugf("journal free space unknown: %s", e);
            return Double.NaN;
        }
    }

    private static double usableBytes(SpoolSpace spool) {
        try {
            return spool.usableBytes();
        } catch (Exception e) {
            LOG.debugf("spool free space unknown: %s", e);
            return Double.NaN;
        }
    }
}
