package org.deblurgateway.routes.messages;

import java.util.LinkedHashMap;
import java.util.Map;
import org.deblurgateway.model.image.Frame;

/**
 * The message on {@code deblur.frames}: one frame of a deblur job for a worker. The body is the frame's samples.
 *
 * @param job    the job id (the derived SOP Instance UID)
 * @param count  frames in the job
 * @param invert MONOCHROME1: the worker inverts the frame for the network and back
 */
public record FrameTask(String job, int index, int count, String model, boolean invert, Frame frame)
        implements QueueMessage {

    public Map<String, Object> headers() {
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put(FrameHeaders.JOB, job);
        headers.put(FrameHeaders.FRAME_INDEX, index);
        headers.put(FrameHeaders.FRAME_COUNT, count);
        headers.put(FrameHeaders.MODEL, model);
        headers.put(FrameHeaders.INVERT, invert);
        FrameSamples.encodeShape(frame, headers);
        return headers;
    }

    public byte[] body() {
        return FrameSamples.encode(frame);
    }

    public static FrameTask decode(Map<String, ?> headers, byte[] body) {
        FrameId id = FrameId.decode(headers);
        return new FrameTask(
                id.job(),
                id.index(),
                HeaderValues.count(headers, FrameHeaders.FRAME_COUNT),
                HeaderValues.text(headers, FrameHeaders.MODEL),
                HeaderValues.flag(headers, FrameHeaders.INVERT),
                FrameSamples.decode(headers, body));
    }
}
