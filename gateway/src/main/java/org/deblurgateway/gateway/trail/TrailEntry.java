package org.deblurgateway.gateway.trail;

import java.time.Instant;
import org.deblurgateway.routes.events.PipelineEvent;
import org.deblurgateway.routes.events.PipelineEvent.Outcome;

/**
 * One pipeline event as the trail stores it: its kind and a line of words for the console.
 *
 * @param sopInstanceUid the object as the event names it (the writer files derived instances under their source)
 */
record TrailEntry(String sopInstanceUid, Instant at, String kind, String summary) {

    static TrailEntry of(PipelineEvent event) {
        String sop = event.object().sopInstanceUid();
        // Java 17: no pattern matching for switch yet.
        if (event instanceof PipelineEvent.Received r) {
            return new TrailEntry(
                    sop,
                    r.at(),
                    TrailKind.RECEIVED,
                    "from " + r.callingAeTitle() + " to "
                            + r.calledAeTitle() + ", " + r.modality() + ", SOP class " + r.sopClassUid()
                            + ", transfer syntax " + r.transferSyntaxUid()
                            + (r.bytes() >= 0 ? ", " + r.bytes() + " bytes" : ""));
        }
        if (event instanceof PipelineEvent.RuleMatched m) {
            return new TrailEntry(
                    sop,
                    m.at(),
                    TrailKind.RULE_MATCHED,
                    "rule '" + m.rule() + "' -> " + m.action() + " (" + m.why() + ")");
        }
        if (event instanceof PipelineEvent.PassedThrough p) {
            return new TrailEntry(
                    sop, p.at(), TrailKind.PASSED_THROUGH, p.reason() + (isEmpty(p.detail()) ? "" : ": " + p.detail()));
        }
        if (event instanceof PipelineEvent.FrameDeblurred f) {
            String frame = "frame " + (f.frameIndex() + 1) + "/" + f.frameCount();
            return isEmpty(f.failure())
                    ? new TrailEntry(
                            sop,
                            f.at(),
                            TrailKind.FRAME_DEBLURRED,
                            frame + " by worker " + f.worker() + " ("
                                    + f.model() + ", " + f.device() + ") in " + f.millis() + " ms"
                                    + (f.pixels() > 0 ? ", " + f.pixels() + " pixels" : ""))
                    : new TrailEntry(
                            sop,
                            f.at(),
                            TrailKind.FRAME_FAILED,
                            frame + " failed on worker " + f.worker() + ": " + f.failure());
        }
        if (event instanceof PipelineEvent.DerivedInstanceWritten d) {
            return new TrailEntry(
                    sop,
                    d.at(),
                    TrailKind.DERIVED_WRITTEN,
                    "derived instance "
                            + d.derivedSopInstanceUid() + " (series " + d.derivedSeriesInstanceUid() + ", model "
                            + d.model()
                            + ")");
        }
        PipelineEvent.ForwardAttempted a = (PipelineEvent.ForwardAttempted) event;
        return new TrailEntry(
                sop,
                a.at(),
                forwardKind(a.outcome()),
                "C-STORE of " + a.sentSopInstanceUid()
                        + " to " + a.destination() + ", attempt " + a.attempt() + ": status " + a.dicomStatus() + " - "
                        + a.outcome().name().toLowerCase().replace('_', '-')
                        + (isEmpty(a.error()) ? "" : " (" + a.error() + ")")
                        + ", " + a.millis() + " ms");
    }

    /** What an instance's state becomes after this entry (the Studies page shows it), or null to keep it. */
    String state() {
        return switch (kind) {
            case TrailKind.RECEIVED -> "received";
            case TrailKind.RULE_MATCHED -> "routed";
            case TrailKind.PASSED_THROUGH -> "passed-through";
            case TrailKind.DERIVED_WRITTEN -> "deblurred";
            case TrailKind.FRAME_FAILED -> "deblur-failed";
            case TrailKind.FORWARD_DELIVERED -> "forwarded";
            case TrailKind.FORWARD_RETRY -> "retrying";
            case TrailKind.FORWARD_DEAD_LETTERED -> "dead-lettered";
            default -> null;
        };
    }

    private static boolean isEmpty(String text) {
        return text == null || text.isEmpty();
    }

    private static String forwardKind(Outcome outcome) {
        return switch (outcome) {
            case DELIVERED -> TrailKind.FORWARD_DELIVERED;
            case RETRY -> TrailKind.FORWARD_RETRY;
            case DEAD_LETTERED -> TrailKind.FORWARD_DEAD_LETTERED;
        };
    }
}
