package org.deblurgateway.routes.deblur;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.deblurgateway.dicom.derived.DerivedInstance;
import org.deblurgateway.dicom.derived.DerivedInstanceWriter;
import org.deblurgateway.dicom.derived.Provenance;
import org.deblurgateway.dicom.scp.Spool;
import org.deblurgateway.routes.RoutingStatistics;
import org.deblurgateway.routes.events.EventObjects;
import org.deblurgateway.routes.events.PipelineEvent;
import org.deblurgateway.routes.events.PipelineEvents;
import org.deblurgateway.routes.forward.OutboundRoute;
import org.deblurgateway.routes.messages.FrameHeaders;
import org.deblurgateway.routes.messages.FrameId;
import org.deblurgateway.routes.messages.FrameResult;
import org.deblurgateway.routes.messages.ObjectDescription;
import org.deblurgateway.routes.messages.OutboundMessage;
import org.deblurgateway.routes.spool.OutboundSpool;
import org.deblurgateway.routes.spool.OutboundSpool.OutboundCopy;
import org.deblurgateway.routes.spool.PlacementToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Result queue consumer: stores each returned frame in its job, and when the last one is in, writes the derived
 * instance and gives every destination a durable copy. The outbound messages go out in the same JMS transaction
 * that takes the last result, so the derived instance is queued exactly once. Sets {@link OutboundRoute#MESSAGES}
 * (empty while frames are still missing).
 */
@ApplicationScoped
public class DerivedInstanceAssembler {

    private static final Logger LOG = LoggerFactory.getLogger(DerivedInstanceAssembler.class);

    private final DeblurJobStore jobs;
    private final DerivedInstanceWriter writer;
    private final OutboundSpool spool;
    private final RoutingStatistics statistics;

    private final PipelineEvents events;

    @Inject
    public DerivedInstanceAssembler(
            DeblurJobStore jobs,
            DerivedInstanceWriter writer,
            OutboundSpool spool,
            RoutingStatistics statistics,
            PipelineEvents events) {
        this.events = events;
        this.jobs = jobs;
        this.writer = writer;
        this.spool = spool;
        this.statistics = statistics;
    }

    public void process(Exchange exchange) throws IOException {
        Message message = exchange.getMessage();
        exchange.setProperty(OutboundRoute.MESSAGES, List.of());
        FrameId id = FrameId.decode(message.getHeaders());
        String job = id.job();
        if (!jobs.exists(job)) {
            LOG.warn("DGW-DB-031 result for job {} which has no folder (removed by hand?); result dropped", job);
            return;
        }
        int index = id.index();
        Optional<DeblurJobStore.Assembled> assembled = jobs.assembled(job);
        if (assembled.isPresent()
                && assembled.get().failedFrame().isPresent()
                && assembled.get().failedFrame().getAsInt() != index) {
            LOG.debug("job {} already failed; result of frame {} not needed", job, index);
            return;
        }
        if (assembled.isPresent()) {
            // Only a result whose transaction did not commit comes back after assembly: queue what is still there.
            String derivedUid = assembled.get().derivedSopInstanceUid();
            JobManifest manifest = jobs.manifest(job);
            ObjectDescription object = derivedUid.isEmpty()
                    ? ObjectDescription.originalOfJob(manifest.modality(), manifest.rule())
                    : ObjectDescription.derived(null, derivedUid, null, manifest.modality(), manifest.rule());
            List<OutboundMessage> present = new ArrayList<>();
            for (String path : assembled.get().outboundSpoolPaths()) {
                OutboundCopy copy = spool.copyAt(path);
                if (copy.present()) {
                    present.add(OutboundMessage.firstAttempt(copy, object));
                }
            }
            LOG.warn(
                    "DGW-DB-032 job {} was assembled before a restart; re-queueing {} outbound copy(ies)",
                    job,
                    present.size());
            exchange.setProperty(OutboundRoute.MESSAGES, present);
            return;
        }

        String failure = message.getHeader(FrameHeaders.FAILURE, String.class);
        if (failure != null) {
            failJob(exchange, job, index, failure);
            return;
        }
        FrameResult result = FrameResult.decode(message.getHeaders(), message.getBody(byte[].class));
        jobs.storeResult(job, result);
        JobManifest manifest = jobs.manifest(job);
        // Recorded here rather than in the worker: workers may be other processes, the results all come back here.
        if (result.outcome() instanceof FrameResult.Deblurred done) {
            long pixels = done.frame() == null
                    ? 0
                    : (long) done.frame().width() * done.frame().height();
            events.record(
                    frameEvent(manifest, index, result.worker(), done.device(), done.inferenceMillis(), pixels, ""));
        }
        int frameCount = manifest.layout().frameCount();
        int returned = jobs.resultCount(job);
        if (returned < frameCount) {
            LOG.debug("job {}: {}/{} frames back", job, returned, frameCount);
            return;
        }

        long start = System.nanoTime();
        List<FrameResult> summaries = jobs.resultSummaries(job, frameCount);
        Provenance provenance = provenance(manifest, summaries);
        DerivedInstance derived = writer.write(
                jobs.source(job), manifest.layout(), jobs.results(job, frameCount), provenance, jobs.derivedDir(job));
        String derivedPath = spool.spoolPathOf(derived.file());
        List<OutboundCopy> copies = spool.fanOut(derivedPath, manifest.destinations(), placementOf(manifest));
        // The marker first, then the report, then the files go: a crash before the marker is durable makes the
        // redelivered result write the derived instance again, so reporting it earlier would name one that is
        // written twice. A crash between the marker and the report loses only the report (the redelivery re-queues
        // the copies the marker names); the sinks still see both files (the console's before/after previews).
        jobs.recordAssembled(
                job,
                new DeblurJobStore.Assembled(
                        derived.sopInstanceUid(),
                        copies.stream().map(OutboundCopy::spoolPath).toList(),
                        OptionalInt.empty()));
        events.record(new PipelineEvent.DerivedInstanceWritten(
                Instant.now(),
                sourceOf(manifest),
                derived.seriesInstanceUid(),
                derived.sopInstanceUid(),
                manifest.model(),
                provenance.inputBlurScore(),
                provenance.outputBlurScore(),
                Optional.of(new PipelineEvent.DerivedFiles(jobs.source(job), derived.file()))));
        jobs.releaseFiles(job);
        ObjectDescription object = ObjectDescription.derived(
                derived.sopClassUid(),
                derived.sopInstanceUid(),
                derived.seriesInstanceUid(),
                manifest.modality(),
                manifest.rule());
        exchange.setProperty(
                OutboundRoute.MESSAGES,
                copies.stream()
                        .map(copy -> OutboundMessage.firstAttempt(copy, object))
                        .toList());
        statistics.derivedInstance();
        LOG.info(
                "DGW-DB-030 job {} ({}, rule '{}'): derived instance of {} frame(s) written in {} ms; frames per "
                        + "worker {}; network {} ms; blur score {} -> {}; queued for {}",
                job,
                manifest.modality(),
                manifest.rule(),
                frameCount,
                (System.nanoTime() - start) / 1_000_000,
                framesPerWorker(summaries),
                provenance.processingMillis(),
                String.format("%.3f", provenance.inputBlurScore()),
                String.format("%.3f", provenance.outputBlurScore()),
                manifest.destinations());
    }

    /** The network cannot process a frame: no derived instance; the original goes out if it has not yet. */
    private void failJob(Exchange exchange, String job, int index, String failure) throws IOException {
        JobManifest manifest = jobs.manifest(job);
        events.record(frameEvent(
                manifest,
                index,
                exchange.getMessage().getHeader(FrameHeaders.WORKER, String.class),
                "",
                0,
                0,
                failure));
        List<OutboundCopy> copies = List.of();
        if (!manifest.forwardOriginal()) {
            Path original = jobs.originalForForwarding(job, manifest.sourceFileName());
            copies = spool.fanOut(spool.spoolPathOf(original), manifest.destinations(), placementOf(manifest));
        }
        jobs.markAssembled(
                job,
                new DeblurJobStore.Assembled(
                        "", copies.stream().map(OutboundCopy::spoolPath).toList(), OptionalInt.of(index)));
        exchange.setProperty(
                OutboundRoute.MESSAGES,
                copies.stream()
                        .map(copy -> OutboundMessage.firstAttempt(
                                copy, ObjectDescription.originalOfJob(manifest.modality(), manifest.rule())))
                        .toList());
        statistics.passedThrough("network-failed");
        events.record(new PipelineEvent.PassedThrough(
                Instant.now(), sourceOf(manifest), "network-failed", "frame " + (index + 1) + ": " + failure));
        LOG.error(
                "DGW-DB-033 job {} ({}, rule '{}'): no derived instance, frame {} failed ({}); the " + "original {}",
                job,
                manifest.modality(),
                manifest.rule(),
                index + 1,
                failure,
                manifest.forwardOriginal() ? "was already forwarded" : "is forwarded unchanged instead");
    }

    /**
     * The copies of one job: a re-sent source makes a new job under the same id (and derived UID) but with its own
     * creation time, so its copies never share a file with the earlier job's; a redone assembly of the same job
     * finds its own copies again.
     */
    private static PlacementToken placementOf(JobManifest manifest) {
        return PlacementToken.of("job:" + manifest.job() + "@" + manifest.createdAt());
    }

    /** The received object of a job: its spool file's name starts with its SOP Instance UID. */
    private static PipelineEvent.ObjectRef sourceOf(JobManifest manifest) {
        return EventObjects.bySopInstanceUid(Spool.sopInstanceUidOf(manifest.sourceFileName()));
    }

    private static PipelineEvent.FrameDeblurred frameEvent(
            JobManifest manifest, int index, String worker, String device, long millis, long pixels, String failure) {
        return new PipelineEvent.FrameDeblurred(
                Instant.now(),
                sourceOf(manifest),
                index,
                manifest.layout().frameCount(),
                worker == null ? "" : worker,
                manifest.model(),
                device == null ? "" : device,
                millis,
                pixels,
                failure);
    }

    private static Provenance provenance(JobManifest manifest, List<FrameResult> frames) {
        double in = 0;
        double out = 0;
        long millis = 0;
        for (FrameResult frame : frames) {
            FrameResult.Deblurred measured = deblurred(frame);
            in += measured.blurScoreIn();
            out += measured.blurScoreOut();
            millis += measured.inferenceMillis();
        }
        FrameResult.Deblurred first = deblurred(frames.get(0));
        return new Provenance(
                manifest.model(),
                first.modelVersion(),
                first.weightsSha256(),
                first.device(),
                first.tiling(),
                in / frames.size(),
                out / frames.size(),
                millis,
                Instant.now());
    }

    private static Map<String, Integer> framesPerWorker(List<FrameResult> frames) {
        Map<String, Integer> counts = new TreeMap<>();
        frames.forEach(f -> counts.merge(f.worker(), 1, Integer::sum));
        return counts;
    }

    /** Only deblurred frames are stored in a job. */
    private static FrameResult.Deblurred deblurred(FrameResult result) {
        return (FrameResult.Deblurred) result.outcome();
    }
}
