package org.deblurgateway.routes.deblur;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.deblurgateway.dicom.derived.DerivedInstance;
import org.deblurgateway.dicom.derived.DerivedInstanceWriter;
import org.deblurgateway.dicom.derived.Provenance;
import org.deblurgateway.routes.ObjectHeaders;
import org.deblurgateway.routes.RoutingStatistics;
import org.deblurgateway.routes.events.EventObjects;
import org.deblurgateway.routes.events.PipelineEvent;
import org.deblurgateway.routes.events.PipelineEvents;
import org.deblurgateway.routes.spool.OutboundSpool;
import org.deblurgateway.routes.spool.OutboundSpool.OutboundCopy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Result queue consumer: stores each returned frame in its job, and when the last one is in, writes the derived
 * instance and gives every destination a durable copy. The outbound messages go out in the same JMS transaction
 * that takes the last result, so the derived instance is queued exactly once.
 */
@ApplicationScoped
public class DerivedInstanceAssembler {

    private static final Logger LOG = LoggerFactory.getLogger(DerivedInstanceAssembler.class);

    /** Exchange property: the outbound copies to queue (empty while frames are still missing). */
    static final String OUTBOUND_COPIES = "deblurGateway.derivedCopies";

    private final DeblurJobStore jobs;
    private final DerivedInstanceWriter writer;
    private final OutboundSpool spool;
    private final RoutingStatistics statistics;
    private final java.time.Duration retention;
    private final java.util.concurrent.atomic.AtomicLong lastSweep = new java.util.concurrent.atomic.AtomicLong();

    private final PipelineEvents events;

    public DerivedInstanceAssembler(DeblurJobStore jobs, DerivedInstanceWriter writer, OutboundSpool spool,
            RoutingStatistics statistics, DeblurConfig config) {
        this(jobs, writer, spool, statistics, config, PipelineEvents.none());
    }

    @Inject
    public DerivedInstanceAssembler(DeblurJobStore jobs, DerivedInstanceWriter writer, OutboundSpool spool,
            RoutingStatistics statistics, DeblurConfig config, PipelineEvents events) {
        this.events = events;
        this.jobs = jobs;
        this.writer = writer;
        this.spool = spool;
        this.statistics = statistics;
        this.retention = config.finishedJobRetention();
    }

    public void process(Exchange exchange) throws IOException {
        Message message = exchange.getMessage();
        exchange.setProperty(OUTBOUND_COPIES, List.of());
        String job = message.getHeader(FrameMessages.JOB, String.class);
        if (!jobs.exists(job)) {
            LOG.warn("DGW-DB-031 result for job {} which has no folder (removed by hand?); result dropped", job);
            return;
        }
        int index = FrameMessages.intHeader(message.getHeaders(), FrameMessages.FRAME_INDEX);
        Optional<DeblurJobStore.Assembled> assembled = jobs.assembled(job);
        if (assembled.isPresent() && assembled.get().failedFrame().isPresent()
                && assembled.get().failedFrame().getAsInt() != index) {
            LOG.debug("job {} already failed; result of frame {} not needed", job, index);
            return;
        }
        if (assembled.isPresent()) {
            // Only a result whose transaction did not commit comes back after assembly: queue what is still there.
            List<OutboundCopy> present = new ArrayList<>();
            for (String path : assembled.get().outboundSpoolPaths()) {
                if (Files.exists(spool.resolve(path))) {
                    present.add(new OutboundCopy(destinationOf(path), path, true));
                }
            }
            LOG.warn("DGW-DB-032 job {} was assembled before a restart; re-queueing {} outbound copy(ies)", job,
                    present.size());
            exchange.setProperty(OUTBOUND_COPIES, present);
            if (!assembled.get().derivedSopInstanceUid().isEmpty()) {
                describeDerived(message, assembled.get().derivedSopInstanceUid(), null);
            }
            return;
        }

        String failure = message.getHeader(FrameMessages.FAILURE, String.class);
        if (failure != null) {
            failJob(exchange, job, index, failure);
            return;
        }
        FrameResult result = new FrameResult(index, FrameMessages.read(message), message.getHeader(FrameMessages.BLUR_SCORE_IN, Double.class),
                message.getHeader(FrameMessages.BLUR_SCORE_OUT, Double.class),
                message.getHeader(FrameMessages.INFERENCE_MILLIS, Long.class),
                message.getHeader(FrameMessages.MODEL_VERSION, String.class),
                message.getHeader(FrameMessages.WEIGHTS_SHA256, String.class),
                message.getHeader(FrameMessages.DEVICE, String.class),
                message.getHeader(FrameMessages.TILING, String.class),
                message.getHeader(FrameMessages.WORKER, String.class));
        jobs.storeResult(job, result);
        JobManifest manifest = jobs.manifest(job);
        // Recorded here rather than in the worker: workers may be other processes, the results all come back here.
        events.record(frameEvent(message, manifest, index, result.worker(), result.inferenceMillis(), ""));
        int frameCount = manifest.layout().frameCount();
        int returned = jobs.resultCount(job);
        if (returned < frameCount) {
            LOG.debug("job {}: {}/{} frames back", job, returned, frameCount);
            return;
        }

        long start = System.nanoTime();
        List<FrameResult> summaries = jobs.resultSummaries(job, frameCount);
        Provenance provenance = provenance(manifest, summaries);
        DerivedInstance derived = writer.write(jobs.source(job), manifest.layout(),
                jobs.results(job, frameCount), provenance, jobs.derivedDir(job));
        String derivedPath = spool.dataDir().relativize(derived.file().toAbsolutePath().normalize()).toString();
        List<OutboundCopy> copies = spool.fanOut(derivedPath, manifest.destinations());
        jobs.markAssembled(job, new DeblurJobStore.Assembled(derived.sopInstanceUid(),
                copies.stream().map(OutboundCopy::spoolPath).toList(), java.util.OptionalInt.empty()));
        exchange.setProperty(OUTBOUND_COPIES, copies);
        events.record(new PipelineEvent.DerivedInstanceWritten(Instant.now(), sourceOf(manifest),
                derived.seriesInstanceUid(), derived.sopInstanceUid(), manifest.model()));
        describeDerived(message, derived.sopInstanceUid(), derived);
        statistics.derivedInstance();
        sweepFinishedJobs();
        LOG.info("DGW-DB-030 job {} ({}, rule '{}'): derived instance of {} frame(s) written in {} ms; frames per "
                + "worker {}; network {} ms; blur score {} -> {}; queued for {}", job, manifest.modality(),
                manifest.rule(), frameCount, (System.nanoTime() - start) / 1_000_000, framesPerWorker(summaries),
                provenance.processingMillis(), String.format("%.3f", provenance.inputBlurScore()),
                String.format("%.3f", provenance.outputBlurScore()), manifest.destinations());
    }

    /** At most once an hour, on the back of an assembly: removes marker folders of long-finished jobs. */
    private void sweepFinishedJobs() {
        long now = System.currentTimeMillis();
        long last = lastSweep.get();
        if (now - last < 3_600_000L || !lastSweep.compareAndSet(last, now)) {
            return;
        }
        try {
            int removed = jobs.removeFinishedBefore(Instant.now().minus(retention));
            if (removed > 0) {
                LOG.info("DGW-DB-040 removed {} finished job folder(s) older than {}", removed, retention);
            }
        } catch (IOException e) {
            LOG.warn("DGW-DB-041 cannot remove finished job folders: {}", e.toString());
        }
    }

    /** The network cannot process a frame: no derived instance; the original goes out if it has not yet. */
    private void failJob(Exchange exchange, String job, int index, String failure) throws IOException {
        JobManifest manifest = jobs.manifest(job);
        events.record(frameEvent(exchange.getMessage(), manifest, index,
                exchange.getMessage().getHeader(FrameMessages.WORKER, String.class), 0, failure));
        List<OutboundCopy> copies = List.of();
        if (!manifest.forwardOriginal()) {
            java.nio.file.Path original = jobs.originalForForwarding(job, manifest.sourceFileName());
            copies = spool.fanOut(spool.dataDir().relativize(original).toString(), manifest.destinations());
        }
        jobs.markAssembled(job, new DeblurJobStore.Assembled("", copies.stream().map(OutboundCopy::spoolPath).toList(),
                java.util.OptionalInt.of(index)));
        exchange.setProperty(OUTBOUND_COPIES, copies);
        statistics.passedThrough("network-failed");
        events.record(new PipelineEvent.PassedThrough(Instant.now(), sourceOf(manifest), "network-failed",
                "frame " + (index + 1) + ": " + failure));
        LOG.error("DGW-DB-033 job {} ({}, rule '{}'): no derived instance, frame {} failed ({}); the "
                + "original {}", job, manifest.modality(), manifest.rule(), index + 1, failure,
                manifest.forwardOriginal() ? "was already forwarded" : "is forwarded unchanged instead");
    }

    /** The received object of a job: its file in the job folder is named by its SOP Instance UID. */
    private static PipelineEvent.ObjectRef sourceOf(JobManifest manifest) {
        String name = manifest.sourceFileName();
        return EventObjects.bySopInstanceUid(name.endsWith(".dcm") ? name.substring(0, name.length() - 4) : name);
    }

    private static PipelineEvent.FrameDeblurred frameEvent(Message message, JobManifest manifest, int index,
            String worker, long millis, String failure) {
        Integer width = message.getHeader(FrameMessages.WIDTH, Integer.class);
        Integer height = message.getHeader(FrameMessages.HEIGHT, Integer.class);
        long pixels = width == null || height == null ? 0 : (long) width * height;
        String device = message.getHeader(FrameMessages.DEVICE, String.class);
        return new PipelineEvent.FrameDeblurred(Instant.now(), sourceOf(manifest), index,
                manifest.layout().frameCount(), worker == null ? "" : worker, manifest.model(),
                device == null ? "" : device, millis, pixels, failure);
    }

    private static Provenance provenance(JobManifest manifest, List<FrameResult> frames) {
        double in = 0;
        double out = 0;
        long millis = 0;
        for (FrameResult frame : frames) {
            in += frame.blurScoreIn();
            out += frame.blurScoreOut();
            millis += frame.inferenceMillis();
        }
        FrameResult first = frames.get(0);
        return new Provenance(manifest.model(), first.modelVersion(), first.weightsSha256(), first.device(),
                first.tiling(), in / frames.size(), out / frames.size(), millis, Instant.now());
    }

    private static Map<String, Integer> framesPerWorker(List<FrameResult> frames) {
        Map<String, Integer> counts = new TreeMap<>();
        frames.forEach(f -> counts.merge(f.worker(), 1, Integer::sum));
        return counts;
    }

    /** Outbound spool paths are outbound/&lt;destination&gt;/&lt;file&gt;. */
    private static String destinationOf(String spoolPath) {
        return java.nio.file.Path.of(spoolPath).getParent().getFileName().toString();
    }

    private static void describeDerived(Message message, String sopInstanceUid, DerivedInstance derived) {
        message.setHeader(ObjectHeaders.SOP_INSTANCE_UID, sopInstanceUid);
        if (derived != null) {
            message.setHeader(ObjectHeaders.SOP_CLASS_UID, derived.sopClassUid());
            message.setHeader(ObjectHeaders.SERIES_INSTANCE_UID, derived.seriesInstanceUid());
        }
    }
}
