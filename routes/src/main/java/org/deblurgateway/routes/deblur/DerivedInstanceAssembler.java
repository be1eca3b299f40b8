package org.deblurgateway.routes.deblur;

import jakarta.enterprise.context.ApplicationScoped;
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

    public DerivedInstanceAssembler(DeblurJobStore jobs, DerivedInstanceWriter writer, OutboundSpool spool,
            RoutingStatistics statistics) {
        this.jobs = jobs;
        this.writer = writer;
        this.spool = spool;
        this.statistics = statistics;
    }

    public void process(Exchange exchange) throws IOException {
        Message message = exchange.getMessage();
        exchange.setProperty(OUTBOUND_COPIES, List.of());
        String job = message.getHeader(FrameMessages.JOB, String.class);
        if (!jobs.exists(job)) {
            LOG.warn("DGW-DB-031 result for job {} which has no folder (removed by hand?); result dropped", job);
            return;
        }
        Optional<DeblurJobStore.Assembled> assembled = jobs.assembled(job);
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
            describeDerived(message, assembled.get().derivedSopInstanceUid(), null);
            return;
        }

        FrameResult result = new FrameResult(FrameMessages.intHeader(message.getHeaders(), FrameMessages.FRAME_INDEX),
                FrameMessages.read(message), message.getHeader(FrameMessages.BLUR_SCORE_IN, Double.class),
                message.getHeader(FrameMessages.BLUR_SCORE_OUT, Double.class),
                message.getHeader(FrameMessages.INFERENCE_MILLIS, Long.class),
                message.getHeader(FrameMessages.MODEL_VERSION, String.class),
                message.getHeader(FrameMessages.WEIGHTS_SHA256, String.class),
                message.getHeader(FrameMessages.DEVICE, String.class),
                message.getHeader(FrameMessages.TILING, String.class),
                message.getHeader(FrameMessages.WORKER, String.class));
        jobs.storeResult(job, result);
        JobManifest manifest = jobs.manifest(job);
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
                copies.stream().map(OutboundCopy::spoolPath).toList()));
        exchange.setProperty(OUTBOUND_COPIES, copies);
        describeDerived(message, derived.sopInstanceUid(), derived);
        statistics.derivedInstance();
        LOG.info("DGW-DB-030 job {} ({}, rule '{}'): derived instance of {} frame(s) written in {} ms; frames per "
                + "worker {}; network {} ms; blur score {} -> {}; queued for {}", job, manifest.modality(),
                manifest.rule(), frameCount, (System.nanoTime() - start) / 1_000_000, framesPerWorker(summaries),
                provenance.processingMillis(), String.format("%.3f", provenance.inputBlurScore()),
                String.format("%.3f", provenance.outputBlurScore()), manifest.destinations());
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
