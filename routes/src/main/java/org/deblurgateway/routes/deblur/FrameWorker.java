package org.deblurgateway.routes.deblur;

import jakarta.enterprise.context.ApplicationScoped;
import java.lang.management.ManagementFactory;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.deblurgateway.model.image.Frame;
import org.deblurgateway.model.inference.Deblurrer;
import org.deblurgateway.model.inference.InferenceException;
import org.deblurgateway.model.inference.InferenceOptions;
import org.deblurgateway.model.inference.ScoredDeblur;
import org.deblurgateway.routes.RoutingStatistics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deblurs the frame of a worker-queue message and turns the message into its result (scores, timing, who). */
@ApplicationScoped
public class FrameWorker implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(FrameWorker.class);

    private final DeblurModels models;
    private final RoutingStatistics statistics;
    private final String workerName;

    public FrameWorker(DeblurModels models, RoutingStatistics statistics, DeblurConfig config) {
        this.models = models;
        this.statistics = statistics;
        this.workerName = config.workerName().orElseGet(() -> ManagementFactory.getRuntimeMXBean().getName());
    }

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        String job = message.getHeader(FrameMessages.JOB, String.class);
        int index = FrameMessages.intHeader(message.getHeaders(), FrameMessages.FRAME_INDEX);
        boolean invert = Boolean.parseBoolean(String.valueOf(message.getHeader(FrameMessages.INVERT)));
        Deblurrer deblurrer = models.get(message.getHeader(FrameMessages.MODEL, String.class));

        Frame frame = FrameMessages.read(message);
        ScoredDeblur result;
        try {
            result = ScoredDeblur.of(deblurrer, frame, invert);
        } catch (InferenceException | IllegalArgumentException e) {
            // The same frame would fail again on every worker: report it instead of cycling it through the queue.
            LOG.error("DGW-DB-021 frame {}/{} of job {} cannot be deblurred: {}", index + 1,
                    message.getHeader(FrameMessages.FRAME_COUNT), job, e.getMessage());
            message.setBody(new byte[0]);
            message.setHeader(FrameMessages.FAILURE, e.getClass().getSimpleName() + ": " + e.getMessage());
            message.setHeader(FrameMessages.WORKER, workerName);
            message.setHeader(FrameMessages.GROUP_ID, job);
            return;
        }
        long millis = result.millis();
        double scoreIn = result.inputBlurScore();
        double scoreOut = result.outputBlurScore();

        FrameMessages.write(message, result.frame());
        InferenceOptions options = deblurrer.options();
        String weightsFile = options.precision().weightsFile();
        message.setHeader(FrameMessages.BLUR_SCORE_IN, scoreIn);
        message.setHeader(FrameMessages.BLUR_SCORE_OUT, scoreOut);
        message.setHeader(FrameMessages.INFERENCE_MILLIS, millis);
        message.setHeader(FrameMessages.MODEL_VERSION, deblurrer.card().version());
        message.setHeader(FrameMessages.WEIGHTS_SHA256, deblurrer.card().sha256Of(weightsFile).orElse(""));
        message.setHeader(FrameMessages.DEVICE, options.device().name());
        message.setHeader(FrameMessages.TILING, options.describe());
        message.setHeader(FrameMessages.WORKER, workerName);
        message.setHeader(FrameMessages.GROUP_ID, job);
        statistics.frameDeblurred();
        LOG.info("DGW-DB-020 frame {}/{} of job {} ({}x{}x{}) deblurred by {} in {} ms, blur score {} -> {}",
                index + 1, message.getHeader(FrameMessages.FRAME_COUNT), job, frame.width(), frame.height(),
                frame.channels(), workerName, millis, String.format("%.3f", scoreIn), String.format("%.3f", scoreOut));
    }
}
