package org.deblurgateway.model.baseline;

import org.deblurgateway.model.blur.BlurKernel;
import org.deblurgateway.model.blur.Planes;
import org.deblurgateway.model.blur.ReflectConvolution;
import org.deblurgateway.model.image.FloatImage;
import org.deblurgateway.model.image.RowParallel;

/**
 * Richardson-Lucy deconvolution given the TRUE kernel: an upper reference, not a blind method.
 *
 * <p>Per channel, starting from the blurry image: {@code u <- clamp(u * (K^T * (y / (K * u))), eps, 1)} for a
 * fixed number of iterations. Convolutions are direct over the kernel's non-zero taps with the same reflect
 * padding the blur used, so the forward model matches the protocol exactly inside the image.
 */
public final class RichardsonLucy {

    /** Default iteration count, chosen by a sweep on motion-protocol train images (see {@link Baseline}). */
    public static final int DEFAULT_ITERATIONS = 20;

    /** Floor for the estimate and the denominator: keeps ratios finite where the image is black. */
    static final double EPS = 1e-6;

    private final int iterations;

    /** Richardson-Lucy with a fixed iteration count (>= 1). */
    public RichardsonLucy(int iterations) {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be >= 1, not " + iterations);
        }
        this.iterations = iterations;
    }

    /** Restores {@code blurry} (in [0, 1]) that was blurred by {@code kernel}. */
    public FloatImage restore(FloatImage blurry, BlurKernel kernel) {
        int w = blurry.width();
        int h = blurry.height();
        FloatImage out = FloatImage.zeros(w, h, blurry.channels());
        for (int c = 0; c < blurry.channels(); c++) {
            double[] y = Planes.extract(blurry, c);
            double[] u = new double[y.length];
            for (int i = 0; i < y.length; i++) {
                u[i] = clamp(y[i]);
            }
            for (int it = 0; it < iterations; it++) {
                double[] est = ReflectConvolution.convolve(u, w, h, kernel);
                RowParallel.forRows(h, (from, to) -> {
                    for (int i = from * w; i < to * w; i++) {
                        est[i] = y[i] / Math.max(est[i], EPS);
                    }
                });
                double[] correction = ReflectConvolution.correlate(est, w, h, kernel);
                double[] cur = u;
                RowParallel.forRows(h, (from, to) -> {
                    for (int i = from * w; i < to * w; i++) {
                        cur[i] = clamp(cur[i] * correction[i]);
                    }
                });
            }
            Planes.insert(u, out, c);
        }
        return out;
    }

    private static double clamp(double v) {
        return v < EPS ? EPS : (v > 1.0 ? 1.0 : v);
    }
}
