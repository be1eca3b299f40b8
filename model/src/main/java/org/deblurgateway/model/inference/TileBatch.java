package org.deblurgateway.model.inference;

/**
 * A batch of network input or output tiles: {@code count x 3 x height x width} float32, planar, in [0, 1].
 */
record TileBatch(int count, int height, int width, float[] data) {

    TileBatch {
        if ((long) count * 3 * height * width != data.length) {
            throw new IllegalArgumentException("tile batch " + count + "x3x" + height + "x" + width + " needs "
                    + (long) count * 3 * height * width + " floats, got " + data.length);
        }
    }
}
