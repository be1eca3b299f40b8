package org.deblurgateway.gateway.trail;

import java.time.Instant;
import java.util.List;
import org.deblurgateway.routes.events.PipelineEvent;
import org.deblurgateway.routes.events.PipelineEvent.ObjectRef;
import org.deblurgateway.routes.events.PipelineEvent.Outcome;

/** The events one deblurred object produces, in the order the pipeline reports them. */
final class TrailEvents {

    static final String STUDY = "1.2.826.0.1.3680043.2.1125.1";
    static final String SERIES = STUDY + ".2";
    static final String DERIVED_SERIES = "2.25.777";

    private TrailEvents() {}

    static String derivedOf(String sop) {
        return "2.25." + Math.abs((long) sop.hashCode());
    }

    /** A CR received from XRAY1 and deblurred: rule, one frame, derived instance, forwards of both objects. */
    static List<PipelineEvent> deblurredChest(String sop, String patientId, Instant at) {
        return deblurredChest(STUDY, sop, patientId, at);
    }

    static List<PipelineEvent> deblurredChest(String study, String sop, String patientId, Instant at) {
        ObjectRef object = new ObjectRef(study, study + ".2", sop);
        String derived = derivedOf(sop);
        return List.of(
                // The rule step can report before the listener's thread does: the trail must cope.
                new PipelineEvent.RuleMatched(at, object, "deblur-chest", "deblur", "'deblur-chest' matches: modality"),
                new PipelineEvent.Received(
                        at,
                        object,
                        "XRAY1",
                        "DEBLUR",
                        "1.2.840.10008.5.1.4.1.1.1",
                        "1.2.840.10008.1.2.1",
                        "CR",
                        123_456,
                        patientId,
                        "DOE^JANE",
                        "ACC" + patientId,
                        "CHEST",
                        "PA"),
                new PipelineEvent.FrameDeblurred(
                        at.plusMillis(10),
                        new ObjectRef("", "", sop),
                        0,
                        1,
                        "worker-1",
                        "rdsam-lite",
                        "CPU",
                        842,
                        440 * 440,
                        ""),
                new PipelineEvent.DerivedInstanceWritten(
                        at.plusMillis(20), new ObjectRef("", "", sop), DERIVED_SERIES, derived, "rdsam-lite"),
                new PipelineEvent.ForwardAttempted(
                        at.plusMillis(30), object, sop, "pacs", 1, Outcome.DELIVERED, "0000", "", 12),
                new PipelineEvent.ForwardAttempted(
                        at.plusMillis(40),
                        new ObjectRef(study, DERIVED_SERIES, derived),
                        derived,
                        "pacs",
                        1,
                        Outcome.RETRY,
                        "a700",
                        "FAILURE: out of resources",
                        9),
                new PipelineEvent.ForwardAttempted(
                        at.plusMillis(50),
                        new ObjectRef(study, DERIVED_SERIES, derived),
                        derived,
                        "pacs",
                        2,
                        Outcome.DELIVERED,
                        "0000",
                        "",
                        11));
    }
}
