package org.deblurgateway.routes.flow;

import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.deblurgateway.routes.events.PipelineEvent;
import org.deblurgateway.routes.events.PipelineEventSink;

/**
 * A trail for the flow tests: every pipeline event the application reports since the last {@link #clear()}, and
 * what a test wants done on each one (e.g. end the step there, as a crash would).
 */
@Singleton
public class RecordedEvents implements PipelineEventSink {

    private static final Consumer<PipelineEvent> NOTHING = event -> {};

    private final List<PipelineEvent> events = new CopyOnWriteArrayList<>();
    private volatile Consumer<PipelineEvent> reaction = NOTHING;

    @Override
    public void accept(PipelineEvent event) {
        events.add(event);
        reaction.accept(event);
    }

    /** The events recorded since the last clear, in order. */
    public List<PipelineEvent> all() {
        return List.copyOf(events);
    }

    /** Runs {@code reaction} on every event from now on, after it is recorded. */
    public void onEach(Consumer<PipelineEvent> reaction) {
        this.reaction = reaction;
    }

    void clear() {
        events.clear();
        reaction = NOTHING;
    }
}
