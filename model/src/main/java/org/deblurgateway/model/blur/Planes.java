package org.deblurgateway.model.blur;

import org.deblurgateway.model.image.FloatImage;

/** Moves one channel between interleaved (y, x, c) samples and a float64 plane (y, x). */
public final class Planes {

    private Planes() {}

    /** Channel {@code c} of interleaved float64 samples as a new plane. */
    public static double[] extract(double[] samples, int channels, int c) {
        double[] plane = new double[samples.length / channels];
        for (int i = 0, s = c; i < plane.length; i++, s += channels) {
            plane[i] = samples[s];
        }
        return plane;
    }

    /** Channel {@code c} of a float image as a new float64 plane. */
    public static double[] extract(FloatImage image, int c) {
        float[] data = image.data();
        int channels = image.channels();
        double[] plane = new double[data.length / channels];
        for (int i = 0, s = c; i < plane.length; i++, s += channels) {
            plane[i] = data[s];
        }
        return plane;
    }

    /** Writes {@code plane} into channel {@code c} of interleaved float64 samples. */
    public static void insert(double[] plane, double[] samples, int channels, int c) {
        for (int i = 0, s = c; i < plane.length; i++, s += channels) {
            samples[s] = plane[i];
        }
    }

    /** Writes {@code plane} into channel {@code c} of a float image, rounding to float. */
    public static void insert(double[] plane, FloatImage image, int c) {
        float[] data = image.data();
        int channels = image.channels();
        for (int i = 0, s = c; i < plane.length; i++, s += channels) {
            data[s] = (float) plane[i];
        }
    }
}
