package org.deblurgateway.model.baseline;

import org.deblurgateway.model.blur.BlurKernel;
import org.deblurgateway.model.blur.Planes;
import org.deblurgateway.model.blur.ReflectConvolution;
import org.deblurgateway.model.image.FloatImage;

/**
 * Blind unsharp masking: {@code out = clip(x + amount (x - G_sigma * x), 0, 1)} per channel, with a Gaussian
 * {@code G_sigma} (radius {@code ceil(3 sigma)}, reflect padding, applied as two 1-D passes). Needs no kernel.
 */
public final class UnsharpMask {

    /** Default Gaussian sigma in pixels, chosen by a sweep (see {@link Baseline}). */
    public static final double DEFAULT_SIGMA = 5.0;

    /** Default amount, chosen by a sweep (see {@link Baseline}). */
    public static final double DEFAULT_AMOUNT = 0.25;

    private final BlurKernel rowPass;
    private final BlurKernel columnPass;
    private final double amount;

    /** Unsharp mask with Gaussian {@code sigma} (> 0, px) and {@code amount} (>= 0). */
    public UnsharpMask(double sigma, double amount) {
        if (!(amount >= 0) || !Double.isFinite(amount)) {
            throw new IllegalArgumentException("unsharp amount must be >= 0, not " + amount);
        }
        // The 2-D Gaussian is the product of two 1-D ones (its normalisation factorises too).
        BlurKernel square = BlurKernel.gaussian(sigma);
        int n = square.width();
        double[] g = new double[n];
        double sum = 0;
        for (int j = 0; j < n; j++) {
            g[j] = square.weight(n / 2, j);
            sum += g[j];
        }
        for (int j = 0; j < n; j++) {
            g[j] /= sum;
        }
        this.rowPass = BlurKernel.of(1, n, g);
        this.columnPass = BlurKernel.of(n, 1, g);
        this.amount = amount;
    }

    /** Sharpens {@code image} (in [0, 1]). */
    public FloatImage restore(FloatImage image) {
        int w = image.width();
        int h = image.height();
        FloatImage out = FloatImage.zeros(w, h, image.channels());
        for (int c = 0; c < image.channels(); c++) {
            double[] x = Planes.extract(image, c);
            double[] smooth =
                    ReflectConvolution.convolve(ReflectConvolution.convolve(x, w, h, rowPass), w, h, columnPass);
            for (int i = 0; i < x.length; i++) {
                double v = x[i] + amount * (x[i] - smooth[i]);
                smooth[i] = v < 0.0 ? 0.0 : (v > 1.0 ? 1.0 : v);
            }
            Planes.insert(smooth, out, c);
        }
        return out;
    }
}
