package org.deblurgateway.model.metrics;

import java.util.Arrays;
import org.deblurgateway.model.image.FloatImage;
import org.deblurgateway.model.image.RowParallel;

/**
 * Mean structural similarity, equal to scikit-image 0.19's {@code structural_similarity(a, b,
 * gaussian_weights=True, sigma=1.5, use_sample_covariance=False, data_range=1)} (with {@code channel_axis=-1}
 * for RGB: the mean of the per-channel values).
 *
 * <p>Local statistics use an 11x11 Gaussian window (sigma 1.5, truncated at 3.5 sigma: radius 5), applied
 * separably, rows first then columns, as {@code scipy.ndimage.gaussian_filter}; constants
 * {@code C1 = 0.01^2}, {@code C2 = 0.03^2}. scikit-image averages the SSIM map only after cropping
 * {@code (11 - 1) / 2 = 5} pixels on every side, and those pixels are exactly the ones whose window touches the
 * border, so the border mode never matters and is not computed here. Images must be at least 11x11.
 */
public final class Ssim {

    /** Window radius: {@code int(3.5 * 1.5 + 0.5)}. */
    static final int RADIUS = 5;

    private static final double SIGMA = 1.5;
    private static final double C1 = 0.01 * 0.01;
    private static final double C2 = 0.03 * 0.03;
    private static final double[] WINDOW = window();

    private Ssim() {}

    /** Mean SSIM of {@code test} against {@code reference} (same shape, at least 11x11, data range 1). */
    public static double compute(FloatImage reference, FloatImage test) {
        Shapes.requireSameShape(reference, test);
        int size = 2 * RADIUS + 1;
        if (reference.width() < size || reference.height() < size) {
            throw new IllegalArgumentException("SSIM needs images of at least " + size + "x" + size + ", got "
                    + reference.width() + "x" + reference.height());
        }
        double sum = 0;
        for (int c = 0; c < reference.channels(); c++) {
            sum += channel(reference, test, c);
        }
        return sum / reference.channels();
    }

    private static double channel(FloatImage a, FloatImage b, int c) {
        int w = a.width();
        int h = a.height();
        int ch = a.channels();
        float[] x = a.data();
        float[] y = b.data();
        int rows = h - 2 * RADIUS;
        int cols = w - 2 * RADIUS;
        double total = RowParallel.sumRows(rows, (from, to) -> {
            // Column-filtered (vertical) statistics of one row, then the row filter for the cropped columns.
            double[] vx = new double[w];
            double[] vy = new double[w];
            double[] vxx = new double[w];
            double[] vyy = new double[w];
            double[] vxy = new double[w];
            double s = 0;
            for (int r = from; r < to; r++) {
                int yc = r + RADIUS;
                Arrays.fill(vx, 0);
                Arrays.fill(vy, 0);
                Arrays.fill(vxx, 0);
                Arrays.fill(vyy, 0);
                Arrays.fill(vxy, 0);
                for (int k = 0; k < WINDOW.length; k++) {
                    double g = WINDOW[k];
                    int base = (yc + k - RADIUS) * w * ch + c;
                    for (int i = 0; i < w; i++) {
                        double p = x[base + i * ch];
                        double q = y[base + i * ch];
                        vx[i] += g * p;
                        vy[i] += g * q;
                        vxx[i] += g * (p * p);
                        vyy[i] += g * (q * q);
                        vxy[i] += g * (p * q);
                    }
                }
                for (int j = 0; j < cols; j++) {
                    double ux = 0;
                    double uy = 0;
                    double uxx = 0;
                    double uyy = 0;
                    double uxy = 0;
                    for (int k = 0; k < WINDOW.length; k++) {
                        double g = WINDOW[k];
                        int i = j + k;
                        ux += g * vx[i];
                        uy += g * vy[i];
                        uxx += g * vxx[i];
                        uyy += g * vyy[i];
                        uxy += g * vxy[i];
                    }
                    double varX = uxx - ux * ux;
                    double varY = uyy - uy * uy;
                    double cov = uxy - ux * uy;
                    double num = (2 * ux * uy + C1) * (2 * cov + C2);
                    double den = (ux * ux + uy * uy + C1) * (varX + varY + C2);
                    s += num / den;
                }
            }
            return s;
        });
        return total / ((double) rows * cols);
    }

    /** scipy's 1-D Gaussian: {@code exp(-x^2 / (2 sigma^2))} for x in [-5, 5], divided by its sum. */
    private static double[] window() {
        double[] g = new double[2 * RADIUS + 1];
        double sum = 0;
        for (int i = 0; i < g.length; i++) {
            double d = i - RADIUS;
            g[i] = Math.exp(-0.5 / (SIGMA * SIGMA) * d * d);
            sum += g[i];
        }
        for (int i = 0; i < g.length; i++) {
            g[i] /= sum;
        }
        return g;
    }
}
