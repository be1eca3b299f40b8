package org.deblurgateway.routes.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineEventsTest {

    private static final PipelineEvent.ObjectRef OBJECT = new PipelineEvent.ObjectRef("1.2", "1.2.3", "1.2.3.4");

    @Test
    void record_failingSink_othersStillGetTheEvent_andTheCallerGoesOn() {
        List<PipelineEvent> seen = new ArrayList<>();
        PipelineEventSink broken = e -> {
            throw new IllegalStateException("database down");
        };
        PipelineEvents events = new PipelineEvents(List.of(broken, seen::add));
        PipelineEvent e = new PipelineEvent.PassedThrough(
                Instant.EPOCH, OBJECT, "palette-colour", "Photometric Interpretation PALETTE COLOR");
        events.record(e);
        events.record(e);
        assertEquals(List.of(e, e), seen);
    }

    @Test
    void none_acceptsEverything() {
        PipelineEvents.none().record(new PipelineEvent.RuleMatched(Instant.EPOCH, OBJECT, "r", "pass", "modality CR"));
    }
}
