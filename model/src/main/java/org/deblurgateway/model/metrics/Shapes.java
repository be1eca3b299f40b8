package org.deblurgateway.model.metrics;

import org.deblurgateway.model.image.FloatImage;

/** Shape checks shared by the metrics. */
final class Shapes {

    private Shapes() {}

    static void requireSameShape(FloatImage a, FloatImage b) {
        if (a.width() != b.width() || a.height() != b.height() || a.channels() != b.channels()) {
            throw new IllegalArgumentException("images differ in shape: " + a.width() + "x" + a.height() + "x"
                    + a.channels() + " vs " + b.width() + "x" + b.height() + "x" + b.channels());
        }
    }
}
