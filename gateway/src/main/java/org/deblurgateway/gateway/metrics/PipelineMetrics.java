package org.deblurgateway.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Locale;
import org.deblurgateway.routes.events.PipelineEvent;
import org.deblurgateway.routes.events.PipelineEvent.DerivedInstanceWritten;
import org.deblurgateway.routes.events.PipelineEvent.ForwardAttempted;
import org.deblurgateway.routes.events.PipelineEvent.FrameDeblurred;
import org.deblurgateway.routes.events.PipelineEvent.PassedThrough;
import org.deblurgateway.routes.events.PipelineEvent.Received;
import org.deblurgateway.routes.events.PipelineEvent.RuleMatched;
import org.deblurgateway.routes.events.PipelineEventSink;

/**
 * Turns pipeline events into Prometheus meters. Labels name peers, rules, models and reasons, never a patient, a
 * study or an instance: the events' patient fields and UIDs are not read here.
 */
@ApplicationScoped
public class PipelineMetrics implements PipelineEventSink {

    /** Buckets of the model's speed: the shipped CPU models run at 600-2000 ms/MP, a GPU far below. */
    private static final double[] MS_PER_MEGAPIXEL_BUCKETS = {10, 25, 50, 100, 250, 500, 1000, 2000, 5000, 10000, 30000
    };

    private static final Duration[] FORWARD_BUCKETS = {
        Duration.ofMillis(10),
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofSeconds(2),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        Duration.ofSeconds(60)
    };

    private final MeterRegistry registry;
    // Labels whose values come from peers or from files an operator edits; bounded so a scrape stays small.
    private final LabelValues callingAeTitles = new LabelValues(200);
    private final LabelValues modalities = new LabelValues(64);
    private final LabelValues rules = new LabelValues(200);
    private final LabelValues reasons = new LabelValues(64);
    private final LabelValues destinations = new LabelValues(100);
    private final LabelValues statuses = new LabelValues(64);
    private final LabelValues models = new LabelValues(32);
    private final LabelValues workers = new LabelValues(64);

    private final boolean enabled;

    public PipelineMetrics(MeterRegistry registry, MetricsConfig config) {
        this.registry = registry;
        this.enabled = config.enabled();
    }

    @Override
    public void accept(PipelineEvent event) {
        if (!enabled) {
            return;
        }
        // Java 17 has no pattern switch: an event type added to PipelineEvent needs its branch here.
        if (event instanceof Received e) {
            received(e);
        } else if (event instanceof RuleMatched e) {
            counter(
                            MetricNames.RULE_MATCHES,
                            "Objects routed by each rule",
                            "rule",
                            rules.of(e.rule()),
                            "action",
                            LabelValues.clean(e.action()))
                    .increment();
            counter(
                            MetricNames.ACTIONS,
                            "Objects per action the matching rule took (pass, drop, deblur)",
                            "action",
                            LabelValues.clean(e.action()))
                    .increment();
        } else if (event instanceof PassedThrough e) {
            counter(
                            MetricNames.PASSED_THROUGH,
                            "Objects of deblur rules forwarded unchanged, per reason",
                            "reason",
                            reasons.of(e.reason()))
                    .increment();
        } else if (event instanceof FrameDeblurred e) {
            frame(e);
        } else if (event instanceof DerivedInstanceWritten e) {
            counter(
                            MetricNames.DERIVED_INSTANCES,
                            "Derived (deblurred) instances written and queued for their destinations",
                            "model",
                            models.of(e.model()))
                    .increment();
        } else if (event instanceof ForwardAttempted e) {
            forward(e);
        }
    }

    private void received(Received e) {
        String ae = callingAeTitles.of(LabelValues.code(e.callingAeTitle()));
        String modality = modalities.of(LabelValues.code(e.modality()));
        counter(
                        MetricNames.OBJECTS_RECEIVED,
                        "Objects received by C-STORE, durable in the spool",
                        "calling_ae",
                        ae,
                        "modality",
                        modality)
                .increment();
        counter(
                        MetricNames.RECEIVED_BYTES,
                        "Bytes of the objects received by C-STORE",
                        "calling_ae",
                        ae,
                        "modality",
                        modality)
                .increment(e.bytes());
    }

    private void frame(FrameDeblurred e) {
        String model = models.of(e.model());
        String device = LabelValues.clean(e.device()).toLowerCase(Locale.ROOT);
        boolean ok = e.failure() == null || e.failure().isEmpty();
        counter(
                        MetricNames.FRAMES_DEBLURRED,
                        "Frames the network processed (result ok or failed)",
                        "model",
                        model,
                        "device",
                        device,
                        "worker",
                        workers.of(e.worker()),
                        "result",
                        ok ? "ok" : "failed")
                .increment();
        if (ok && e.pixels() > 0) {
            DistributionSummary.builder(MetricNames.MODEL_MS_PER_MEGAPIXEL)
                    .description("Network time per megapixel of a frame")
                    .tags("model", model, "device", device)
                    .serviceLevelObjectives(MS_PER_MEGAPIXEL_BUCKETS)
                    .register(registry)
                    .record(e.millis() / (e.pixels() / 1e6));
        }
    }

    private void forward(ForwardAttempted e) {
        String destination = destinations.of(e.destination());
        counter(
                        MetricNames.FORWARD_ATTEMPTS,
                        "C-STORE attempts to destinations, by outcome and the peer's status",
                        "destination",
                        destination,
                        "outcome",
                        e.outcome().name().toLowerCase(Locale.ROOT),
                        "status",
                        statuses.of(LabelValues.code(e.dicomStatus())))
                .increment();
        Timer.builder(MetricNames.FORWARD_DURATION)
                .description("Time of one C-STORE attempt to a destination, association included")
                .tags("destination", destination)
                .serviceLevelObjectives(FORWARD_BUCKETS)
                .register(registry)
                .record(Duration.ofMillis(Math.max(0, e.millis())));
    }

    private Counter counter(String name, String description, String... tags) {
        return Counter.builder(name).description(description).tags(tags).register(registry);
    }
}
