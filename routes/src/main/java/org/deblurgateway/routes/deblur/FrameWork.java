package org.deblurgateway.routes.deblur;

import org.deblurgateway.model.image.Frame;

/** One frame of a job on its way to the worker queue. */
record FrameWork(String job, int index, int count, String model, boolean invert, Frame frame) {
}
