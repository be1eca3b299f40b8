package org.deblurgateway.routes.messages;

import java.util.LinkedHashMap;
import java.util.Map;
import org.deblurgateway.model.image.Frame;

/**
 * The message on {@code deblur.results}: what a worker made of one frame, either the deblurred frame with what it
 * measured or the reason the network could not process it. Grouped by job (JMSXGroupID) so one assembler sees an
 * instance's results one at a time. The job store keeps returned frames in this same form.
 *
 * @param worker the process that handled the frame (logs, frames per worker)
 */
public record FrameResult(String job, int index, String worker, Outcome outcome) implements QueueMessage {

    /** What became of the frame. */
    public sealed interface Outcome permits Deblurred, Failed {}

    /**
     * The network's output and what the worker measured; {@code frame} is null in a summary read without samples.
     */
    public record Deblurred(
            Frame frame,
            double blurScoreIn,
            double blurScoreOut,
            long inferenceMillis,
            String modelVersion,
            String weightsSha256,
            String device,
            String tiling)
            implements Outcome {}

    /** The network cannot process this frame; the job then forwards the original instead. */
    public record Failed(String reason) implements Outcome {}

    public static FrameResult failed(String job, int index, String worker, String reason) {
        return new FrameResult(job, index, worker, new Failed(reason));
    }

    public Map<String, Object> headers() {
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put(FrameHeaders.JOB, job);
        headers.put(FrameHeaders.FRAME_INDEX, index);
        HeaderValues.put(headers, FrameHeaders.WORKER, worker);
        headers.put(FrameHeaders.GROUP_ID, job);
        if (outcome instanceof Deblurred d) {
            if (d.frame() != null) {
                FrameSamples.encodeShape(d.frame(), headers);
            }
            headers.put(FrameHeaders.BLUR_SCORE_IN, d.blurScoreIn());
            headers.put(FrameHeaders.BLUR_SCORE_OUT, d.blurScoreOut());
            headers.put(FrameHeaders.INFERENCE_MILLIS, d.inferenceMillis());
            HeaderValues.put(headers, FrameHeaders.MODEL_VERSION, d.modelVersion());
            HeaderValues.put(headers, FrameHeaders.WEIGHTS_SHA256, d.weightsSha256());
            HeaderValues.put(headers, FrameHeaders.DEVICE, d.device());
            HeaderValues.put(headers, FrameHeaders.TILING, d.tiling());
        } else if (outcome instanceof Failed f) {
            headers.put(FrameHeaders.FAILURE, f.reason());
        }
        return headers;
    }

    /** The deblurred samples; empty for a failure. */
    public byte[] body() {
        return outcome instanceof Deblurred d && d.frame() != null ? FrameSamples.encode(d.frame()) : new byte[0];
    }

    /** A result message; with {@code body} null the samples are not read (a summary, {@code frame} null). */
    public static FrameResult decode(Map<String, ?> headers, byte[] body) {
        FrameId id = FrameId.decode(headers);
        String job = id.job();
        int index = id.index();
        String worker = HeaderValues.text(headers, FrameHeaders.WORKER);
        String failure = HeaderValues.text(headers, FrameHeaders.FAILURE);
        if (failure != null) {
            return failed(job, index, worker, failure);
        }
        return new FrameResult(
                job,
                index,
                worker,
                new Deblurred(
                        body == null ? null : FrameSamples.decode(headers, body),
                        HeaderValues.requiredDouble(headers, FrameHeaders.BLUR_SCORE_IN),
                        HeaderValues.requiredDouble(headers, FrameHeaders.BLUR_SCORE_OUT),
                        HeaderValues.requiredLong(headers, FrameHeaders.INFERENCE_MILLIS),
                        HeaderValues.text(headers, FrameHeaders.MODEL_VERSION),
                        HeaderValues.text(headers, FrameHeaders.WEIGHTS_SHA256),
                        HeaderValues.text(headers, FrameHeaders.DEVICE),
                        HeaderValues.text(headers, FrameHeaders.TILING)));
    }
}
