package org.deblurgateway.model.metrics;

import org.deblurgateway.model.image.FloatImage;
import org.deblurgateway.model.image.RowParallel;

/**
 * Peak signal-to-noise ratio with data range 1, equal to scikit-image's
 * {@code peak_signal_noise_ratio(reference, test, data_range=1)}: {@code 10 log10(1 / MSE)} over all samples
 * (every channel). Identical images give {@link Double#POSITIVE_INFINITY}.
 */
public final class Psnr {

    private Psnr() {}

    /** PSNR in dB of {@code test} against {@code reference} (same shape, values nominally in [0, 1]). */
    public static double compute(FloatImage reference, FloatImage test) {
        double mse = meanSquaredError(reference, test);
        return mse == 0.0 ? Double.POSITIVE_INFINITY : 10.0 * Math.log10(1.0 / mse);
    }

    /** Mean squared error over all samples, in float64. */
    public static double meanSquaredError(FloatImage reference, FloatImage test) {
        Shapes.requireSameShape(reference, test);
        float[] a = reference.data();
        float[] b = test.data();
        int rowLength = reference.width() * reference.channels();
        double sum = RowParallel.sumRows(reference.height(), (from, to) -> {
            double s = 0;
            for (int i = from * rowLength; i < to * rowLength; i++) {
                double d = (double) a[i] - (double) b[i];
                s += d * d;
            }
            return s;
        });
        return sum / a.length;
    }
}
