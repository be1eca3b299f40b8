package org.deblurgateway.routes.deblur;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.deblurgateway.dicom.FailureText;
import org.deblurgateway.dicom.derived.DerivedUids;
import org.deblurgateway.dicom.pixels.DecodedImage;
import org.deblurgateway.dicom.pixels.FrameSupplier;
import org.deblurgateway.dicom.pixels.PassThrough;
import org.deblurgateway.dicom.pixels.PixelDecoder;
import org.deblurgateway.dicom.pixels.PixelDecoding;
import org.deblurgateway.dicom.pixels.PixelLayout;
import org.deblurgateway.model.image.Frame;
import org.deblurgateway.model.metrics.BlurEffect;
import org.deblurgateway.routes.RoutingStatistics;
import org.deblurgateway.routes.RuleEvaluator;
import org.deblurgateway.routes.events.EventObjects;
import org.deblurgateway.routes.events.PipelineEvent;
import org.deblurgateway.routes.events.PipelineEvents;
import org.deblurgateway.routes.forward.OutboundRoute;
import org.deblurgateway.routes.messages.CamelMessages;
import org.deblurgateway.routes.messages.FrameTask;
import org.deblurgateway.routes.messages.IngestMessage;
import org.deblurgateway.routes.messages.ObjectDescription;
import org.deblurgateway.routes.messages.OutboundMessage;
import org.deblurgateway.routes.rules.Rule;
import org.deblurgateway.routes.spool.OutboundSpool;
import org.deblurgateway.routes.spool.OutboundSpool.OutboundCopy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first half of the deblur action, inside the ingest transaction: decodes the received object, decides whether
 * the network may touch it, and if so creates the job (source + manifest) and plans its frames.
 */
@ApplicationScoped
public class DeblurPlanner {

    private static final Logger LOG = LoggerFactory.getLogger(DeblurPlanner.class);

    /** Exchange property holding the {@link DeblurPlan}. */
    static final String PLAN = "deblurGateway.deblurPlan";
    /** Exchange property the action route splits: the frame iterator (the original's copies: outbound messages). */
    static final String FRAMES = "deblurGateway.frames";
    /** Frames looked at for a rule's blur-score condition (bounds the cost on long multi-frame objects). */
    private static final int BLUR_CONDITION_FRAMES = 8;

    private final PixelDecoder decoder;
    private final DeblurJobStore jobs;
    private final OutboundSpool spool;
    private final RoutingStatistics statistics;
    private final String defaultModel;
    private final PipelineEvents events;

    @Inject
    public DeblurPlanner(
            PixelDecoder decoder,
            DeblurJobStore jobs,
            OutboundSpool spool,
            RoutingStatistics statistics,
            DeblurConfig config,
            PipelineEvents events) {
        this.events = events;
        this.decoder = decoder;
        this.jobs = jobs;
        this.spool = spool;
        this.statistics = statistics;
        this.defaultModel = config.defaultModel();
    }

    /** Sets {@link #PLAN} on the exchange. */
    public void plan(Exchange exchange) throws IOException {
        DeblurPlan plan = decide(exchange);
        exchange.setProperty(PLAN, plan);
        if (plan instanceof DeblurPlan.Deblur deblur) {
            exchange.setProperty(FRAMES, deblur.frames());
            exchange.setProperty(OutboundRoute.MESSAGES, deblur.originals());
        }
    }

    private DeblurPlan decide(Exchange exchange) throws IOException {
        Message message = exchange.getMessage();
        IngestMessage ingest = IngestMessage.decode(message.getHeaders());
        ObjectDescription object = ingest.object();
        Rule rule = exchange.getProperty(RuleEvaluator.RULE_PROPERTY, Rule.class);
        DeblurOptions options = DeblurOptions.of(rule.options(), defaultModel);
        String spoolPath = ingest.spoolPath();
        Path received = spool.resolve(spoolPath);
        String job = DerivedUids.instanceUid(object.sopInstanceUid(), options.model());

        Path source;
        if (Files.exists(received)) {
            source = received;
        } else if (jobs.hasSource(job)) {
            // A crash after the received file was handed over to the job but before the commit.
            source = jobs.source(job);
        } else {
            LOG.warn(
                    "DGW-DB-011 received object of message {} is already gone and has no open job: it was handled "
                            + "before a restart, nothing to do",
                    message.getMessageId());
            statistics.alreadyProcessed();
            return new DeblurPlan.AlreadyHandled();
        }

        PixelDecoding decoding = decoder.decode(source);
        if (decoding instanceof PassThrough passThrough) {
            return passUnchanged(object, passThrough.reason().code(), passThrough.detail());
        }
        DecodedImage image = (DecodedImage) decoding;
        PixelLayout layout = image.layout();
        if (options.minBlurScore().isPresent()) {
            double score = meanBlurScore(image.frames());
            if (score < options.minBlurScore().getAsDouble()) {
                return passUnchanged(
                        object,
                        "below-blur-threshold",
                        String.format(
                                "blur score %.3f is below the rule's min-blur-score %.3f",
                                score, options.minBlurScore().getAsDouble()));
            }
        }

        if (source == received) {
            jobs.create(
                    new JobManifest(
                            job,
                            rule.name(),
                            options.model(),
                            rule.destinations(),
                            options.forwardOriginal(),
                            received.getFileName().toString(),
                            layout,
                            object.modality(),
                            System.currentTimeMillis()),
                    received);
        }
        List<OutboundMessage> originals = options.forwardOriginal()
                ? spool
                        .fanOut(
                                spoolPath,
                                rule.destinations(),
                                ingest.placement(message.getHeader(CamelMessages.JMS_MESSAGE_ID, String.class)))
                        .stream()
                        .filter(OutboundCopy::present)
                        .map(copy -> OutboundMessage.firstAttempt(copy, object))
                        .toList()
                : List.of();
        LOG.info(
                "DGW-DB-001 object ({}, {} {}x{} x{} frame(s), {}, decoded by {}) to be deblurred by {} for rule "
                        + "'{}'; original forwarded too: {}",
                object.modality(),
                layout.photometric(),
                layout.columns(),
                layout.rows(),
                layout.frameCount(),
                layout.bitsStored() + " bit" + (layout.signed() ? " signed" : ""),
                layout.decodedWith(),
                options.model(),
                rule.name(),
                options.forwardOriginal());
        boolean invert = "MONOCHROME1".equals(layout.photometric());
        return new DeblurPlan.Deblur(job, frames(job, options.model(), invert, image.frames()), originals);
    }

    private DeblurPlan passUnchanged(ObjectDescription object, String reason, String detail) {
        statistics.passedThrough(reason);
        // The trail shows the reason to console users; a decoder's text may name scratch files.
        events.record(new PipelineEvent.PassedThrough(
                Instant.now(), EventObjects.of(object), reason, FailureText.withoutPaths(detail)));
        LOG.info(
                "DGW-DB-010 object ({}, {}) goes through unchanged: {} ({})",
                object.modality(),
                object.sopClassUid(),
                reason,
                detail);
        return new DeblurPlan.PassUnchanged(reason, detail);
    }

    private static double meanBlurScore(FrameSupplier frames) throws IOException {
        int n = Math.min(frames.frameCount(), BLUR_CONDITION_FRAMES);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += BlurEffect.of(frames.frame(i));
        }
        return sum / n;
    }

    /** Frames built one at a time as the split sends them, so a long object never sits in memory as ints. */
    private static Iterator<FrameTask> frames(String job, String model, boolean invert, FrameSupplier frames) {
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < frames.frameCount();
            }

            @Override
            public FrameTask next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                try {
                    Frame frame = frames.frame(next);
                    return new FrameTask(job, next++, frames.frameCount(), model, invert, frame);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    /** The end of the action: the received file is no longer needed (the job and the outbound copies link it). */
    public void finish(Exchange exchange) throws IOException {
        DeblurPlan.Deblur plan = exchange.getProperty(PLAN, DeblurPlan.Deblur.class);
        spool.delete(IngestMessage.decode(exchange.getMessage().getHeaders()).spoolPath());
        LOG.info(
                "DGW-DB-002 job {}: frames queued for the workers, {} original copy(ies) queued",
                plan.job(),
                plan.originals().size());
    }
}
