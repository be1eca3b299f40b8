package org.deblurgateway.routes.messages;

import java.util.Map;

/**
 * Which frame of which job a frame task or result is about, read without the samples: cheap, and it cannot fail on
 * a bad body, so a worker or assembler can decide what to do before looking at the frame.
 *
 * @param job the job id (the derived SOP Instance UID); null when the message names none
 */
public record FrameId(String job, int index) {

    public static FrameId decode(Map<String, ?> headers) {
        return new FrameId(
                HeaderValues.text(headers, FrameHeaders.JOB),
                HeaderValues.requiredInt(headers, FrameHeaders.FRAME_INDEX));
    }
}
