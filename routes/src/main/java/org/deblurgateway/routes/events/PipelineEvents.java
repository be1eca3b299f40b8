package org.deblurgateway.routes.events;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where routes and the listener report what happened to an object: hands each event to every
 * {@link PipelineEventSink} bean. A failing sink is logged and the others still get the event; the step that
 * reported it goes on as if nothing had been listening.
 */
@ApplicationScoped
public class PipelineEvents {

    private static final Logger LOG = LoggerFactory.getLogger(PipelineEvents.class);

    private final List<PipelineEventSink> sinks;

    @Inject
    public PipelineEvents(Instance<PipelineEventSink> sinks) {
        this(sinks.stream().toList());
    }

    /** With the sinks given (tests, and processes without CDI). */
    public PipelineEvents(List<PipelineEventSink> sinks) {
        this.sinks = List.copyOf(sinks);
    }

    /** Events go nowhere. */
    public static PipelineEvents none() {
        return new PipelineEvents(List.of());
    }

    public void record(PipelineEvent event) {
        for (PipelineEventSink sink : sinks) {
            try {
                sink.accept(event);
            } catch (RuntimeException e) {
                // UIDs only: the event may carry patient data, which never goes to the log.
                LOG.warn(
                        "DGW-EV-001 {} failed on {} of {}: {}",
                        sink.getClass().getSimpleName(),
                        event.getClass().getSimpleName(),
                        event.object().sopInstanceUid(),
                        e.toString());
            }
        }
    }
}
