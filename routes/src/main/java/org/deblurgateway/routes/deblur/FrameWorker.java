package org.deblurgateway.routes.deblur;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.jms.JMSException;
import java.lang.management.ManagementFactory;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.jms.JmsMessage;
import org.deblurgateway.dicom.FailureText;
import org.deblurgateway.model.image.Frame;
import org.deblurgateway.model.inference.Deblurrer;
import org.deblurgateway.model.inference.InferenceException;
import org.deblurgateway.model.inference.InferenceOptions;
import org.deblurgateway.model.inference.ScoredDeblur;
import org.deblurgateway.routes.RoutingStatistics;
import org.deblurgateway.routes.messages.CamelMessages;
import org.deblurgateway.routes.messages.FrameHeaders;
import org.deblurgateway.routes.messages.FrameId;
import org.deblurgateway.routes.messages.FrameResult;
import org.deblurgateway.routes.messages.FrameTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deblurs the frame of a worker-queue message and turns the message into its result (scores, timing, who). */
@ApplicationScoped
public class FrameWorker implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(FrameWorker.class);

    private final DeblurModels models;
    private final RoutingStatistics statistics;
    private final String workerName;
    private final int maxAttempts;

    public FrameWorker(DeblurModels models, RoutingStatistics statistics, DeblurConfig config) {
        this.models = models;
        this.statistics = statistics;
        this.maxAttempts = config.maxFrameAttempts();
        if (maxAttempts < 1) {
            throw new IllegalArgumentException(
                    "gateway.deblur.max-frame-attempts must be at least 1, not " + maxAttempts);
        }
        this.workerName = config.workerName()
                .orElseGet(() -> ManagementFactory.getRuntimeMXBean().getName());
    }

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        FrameId id = FrameId.decode(message.getHeaders());
        int attempt = deliveryAttempt(exchange);
        if (attempt > maxAttempts) {
            // Checked before anything else: whatever ended the earlier attempts (a crash in the network, a
            // message that cannot be read) must not get the chance to end this one too.
            reportFailure(
                    message,
                    id,
                    "delivery " + attempt + " of a frame whose " + (attempt - 1)
                            + " earlier attempts ended without a result (worker crashed or failed); not tried again");
            return;
        }
        Deblurrer deblurrer = models.get(message.getHeader(FrameHeaders.MODEL, String.class));
        FrameTask task = FrameTask.decode(message.getHeaders(), message.getBody(byte[].class));
        Frame frame = task.frame();
        ScoredDeblur result;
        try {
            result = ScoredDeblur.of(deblurrer, frame, task.invert());
        } catch (InferenceException | IllegalArgumentException e) {
            // The same frame would fail again on every worker: report it instead of cycling it through the queue.
            reportFailure(message, id, e.getClass().getSimpleName() + ": " + FailureText.withoutPaths(e.getMessage()));
            return;
        }
        long millis = result.millis();
        double scoreIn = result.inputBlurScore();
        double scoreOut = result.outputBlurScore();

        InferenceOptions options = deblurrer.options();
        String weightsFile = options.precision().weightsFile();
        CamelMessages.write(
                message,
                new FrameResult(
                        task.job(),
                        task.index(),
                        workerName,
                        new FrameResult.Deblurred(
                                result.frame(),
                                scoreIn,
                                scoreOut,
                                millis,
                                deblurrer.card().version(),
                                deblurrer.card().sha256Of(weightsFile).orElse(""),
                                options.device().name(),
                                options.describe())));
        statistics.frameDeblurred();
        LOG.info(
                "DGW-DB-020 frame {}/{} of job {} ({}x{}x{}) deblurred by {} in {} ms, blur score {} -> {}{}",
                task.index() + 1,
                task.count(),
                task.job(),
                frame.width(),
                frame.height(),
                frame.channels(),
                workerName,
                millis,
                String.format("%.3f", scoreIn),
                String.format("%.3f", scoreOut),
                attempt > 1 ? " (delivery " + attempt + ")" : "");
    }

    /** Turns the message into a failure result: the assembler then ends the job without a derived instance. */
    private void reportFailure(Message message, FrameId id, String reason) {
        LOG.error(
                "DGW-DB-021 frame {}/{} of job {} cannot be deblurred: {}",
                id.index() + 1,
                message.getHeader(FrameHeaders.FRAME_COUNT),
                id.job(),
                reason);
        CamelMessages.write(message, FrameResult.failed(id.job(), id.index(), workerName, reason));
    }

    /** JMSXDeliveryCount of the frame message: 1 on its first delivery, counting deliveries that were rolled back. */
    private static int deliveryAttempt(Exchange exchange) {
        JmsMessage jms = exchange.getIn(JmsMessage.class);
        if (jms == null || jms.getJmsMessage() == null) {
            return 1;
        }
        try {
            return Math.max(1, jms.getJmsMessage().getIntProperty("JMSXDeliveryCount"));
        } catch (JMSException | NumberFormatException e) {
            return 1;
        }
    }
}
