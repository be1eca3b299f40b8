package org.deblurgateway.routes.deblur;

import org.deblurgateway.model.image.Frame;

/** One deblurred frame as the worker returned it, with what the worker measured. */
public record FrameResult(int index, Frame frame, double blurScoreIn, double blurScoreOut, long inferenceMillis,
        String modelVersion, String weightsSha256, String device, String tiling, String worker) {
}
