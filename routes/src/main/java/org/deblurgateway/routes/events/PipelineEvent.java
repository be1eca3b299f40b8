package org.deblurgateway.routes.events;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.deblurgateway.routes.rules.ObjectAttributes;

/**
 * Something that happened to one received object on its way through the gateway. The pipeline reports each event
 * once, after the step it describes is durable; the console's trail and the metrics read them, the pipeline never
 * depends on who listens.
 *
 * <p>{@link #object()} names the received (source) object, so that everything done for it lands in one trail. Two
 * events know the source by its SOP Instance UID only (study and series ""): {@link FrameDeblurred}, and
 * {@link ForwardAttempted} of a derived instance, whose object is the derived instance as its outbound message names
 * it; the trail files it under its source through {@link DerivedInstanceWritten}.
 */
public sealed interface PipelineEvent
        permits PipelineEvent.Received,
                PipelineEvent.RuleMatched,
                PipelineEvent.PassedThrough,
                PipelineEvent.FrameDeblurred,
                PipelineEvent.DerivedInstanceWritten,
                PipelineEvent.ForwardAttempted {

    Instant at();

    ObjectRef object();

    /** The study, series and SOP Instance UIDs of a received object. */
    record ObjectRef(String studyInstanceUid, String seriesInstanceUid, String sopInstanceUid) {}

    /**
     * The object is durable in the spool and announced (its C-STORE is answered Success right after).
     * Patient ID, Patient's Name and Accession Number are for the console's search only: never log them at INFO.
     */
    record Received(
            Instant at,
            ObjectRef object,
            String callingAeTitle,
            String calledAeTitle,
            String sopClassUid,
            String transferSyntaxUid,
            String modality,
            long bytes,
            String patientId,
            String patientName,
            String accessionNumber,
            String studyDescription,
            String seriesDescription)
            implements PipelineEvent {}

    /**
     * The routing rules chose {@code rule} (its action: pass, drop, deblur); {@code why} says which criteria held.
     * {@code attributes} are the values the rules looked at (kept by the trail for the console's dry run; null when
     * not known). They may describe a study: never log them at INFO.
     *
     * @param destinations   the rule's destination names (empty for drop, and where not known)
     * @param sendsOriginal  whether the rule forwards the object itself; false for a deblur rule with
     *                       {@code forward-original: false}, which sends its derived instance in its place
     */
    record RuleMatched(
            Instant at,
            ObjectRef object,
            String rule,
            String action,
            String why,
            ObjectAttributes attributes,
            List<String> destinations,
            boolean sendsOriginal)
            implements PipelineEvent {

        public RuleMatched {
            destinations = destinations == null ? List.of() : List.copyOf(destinations);
        }

        public RuleMatched(
                Instant at, ObjectRef object, String rule, String action, String why, ObjectAttributes attributes) {
            this(at, object, rule, action, why, attributes, List.of(), true);
        }

        public RuleMatched(Instant at, ObjectRef object, String rule, String action, String why) {
            this(at, object, rule, action, why, null);
        }
    }

    /** A deblur rule's object goes out unchanged; {@code reason} is a pass-through reason code, {@code detail} words. */
    record PassedThrough(Instant at, ObjectRef object, String reason, String detail) implements PipelineEvent {}

    /** One frame went through the network ({@code failure} empty on success). */
    record FrameDeblurred(
            Instant at,
            ObjectRef object,
            int frameIndex,
            int frameCount,
            String worker,
            String model,
            String device,
            long millis,
            long pixels,
            String failure)
            implements PipelineEvent {}

    /**
     * The derived instance of {@code object} is written and queued for its destinations.
     *
     * @param blurScoreIn  mean blur score of the source's frames, as the derived instance's quality tags say (NaN
     *                     when not known)
     * @param blurScoreOut the same of the derived frames
     * @param files        the source and derived files, readable only while the sinks are called: the job removes
     *                     them right after (a sink that keeps them must link or copy them at once); absent where the
     *                     reporter has no files
     */
    record DerivedInstanceWritten(
            Instant at,
            ObjectRef object,
            String derivedSeriesInstanceUid,
            String derivedSopInstanceUid,
            String model,
            double blurScoreIn,
            double blurScoreOut,
            Optional<DerivedFiles> files)
            implements PipelineEvent {

        public DerivedInstanceWritten {
            files = files == null ? Optional.empty() : files;
        }

        /** Without scores and files (the flow tests, the trail's own tests). */
        public DerivedInstanceWritten(
                Instant at,
                ObjectRef object,
                String derivedSeriesInstanceUid,
                String derivedSopInstanceUid,
                String model) {
            this(
                    at,
                    object,
                    derivedSeriesInstanceUid,
                    derivedSopInstanceUid,
                    model,
                    Double.NaN,
                    Double.NaN,
                    Optional.empty());
        }
    }

    /** Where a source object and its derived instance lie while {@link DerivedInstanceWritten} is reported. */
    record DerivedFiles(Path source, Path derived) {}

    /**
     * One C-STORE attempt of {@code sentSopInstanceUid} (the object itself or its derived instance) to a destination.
     *
     * @param dicomStatus the peer's status as 4 hex digits, or "none" when no association was made
     * @param outcome     delivered, retry (another attempt follows) or dead-lettered
     */
    record ForwardAttempted(
            Instant at,
            ObjectRef object,
            String sentSopInstanceUid,
            String destination,
            int attempt,
            Outcome outcome,
            String dicomStatus,
            String error,
            long millis)
            implements PipelineEvent {}

    /** How a forward attempt ended. */
    enum Outcome {
        DELIVERED,
        RETRY,
        DEAD_LETTERED
    }
}
