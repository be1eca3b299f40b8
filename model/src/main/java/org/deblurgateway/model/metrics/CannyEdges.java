package org.deblurgateway.model.metrics;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * The Canny edge detector of scikit-image 0.19.3 ({@code skimage.feature.canny(image, sigma, low, high,
 * use_quantiles=True)}, no mask, {@code mode='constant'}), step for step:
 * <ol>
 *   <li>Gaussian smoothing as {@code scipy.ndimage.gaussian_filter} (truncate 4, zeros outside the image), divided
 *       by the same smoothing of an all-ones image (skimage's "bleed-over" correction, so the border is not
 *       darkened).</li>
 *   <li>Gradients as {@code ndi.sobel} (reflect borders), magnitude {@code hypot}; thresholds are numpy's linear
 *       percentiles of the magnitude over all pixels.</li>
 *   <li>Non-maximum suppression in 4 sectors with bilinear interpolation of the two neighbours along the gradient;
 *       the outermost pixel ring and zero-gradient pixels are never edges. A pixel on a sector boundary is decided by
 *       the last sector that claims it, as in skimage.</li>
 *   <li>Hysteresis: the 8-connected components of maxima at or above the low threshold that hold a maximum at or
 *       above the high one.</li>
 * </ol>
 * The filters use scipy's order of operations (symmetric kernels sum mirrored pairs outermost first). What can
 * still differ is the last bit of {@code exp} in the Gaussian weights and of {@code hypot}, which can flip a
 * comparison between two nearly equal magnitudes.
 */
public final class CannyEdges {

    private static final double TRUNCATE = 4.0;

    private CannyEdges() {}

    /** The edge map of a grey plane, row-major. */
    static boolean[] detect(GreyPlane plane, CannyParameters p) {
        int w = plane.width();
        int h = plane.height();
        double[] weights = gaussianWeights(p.sigma());
        double[] smoothed = smooth(plane.values(), w, h, weights);
        double[] ones = new double[w * h];
        Arrays.fill(ones, 1.0);
        double[] bleedOver = smooth(ones, w, h, weights);
        for (int i = 0; i < smoothed.length; i++) {
            smoothed[i] /= bleedOver[i] + Math.ulp(1.0);
        }
        double[] dy = sobel(smoothed, w, h, true);
        double[] dx = sobel(smoothed, w, h, false);
        double[] magnitude = new double[w * h];
        for (int i = 0; i < magnitude.length; i++) {
            magnitude[i] = Math.hypot(dy[i], dx[i]);
        }
        double[] sorted = magnitude.clone();
        Arrays.sort(sorted);
        double low = percentile(sorted, p.lowQuantile());
        double high = percentile(sorted, p.highQuantile());
        boolean[] maxima = localMaxima(dy, dx, magnitude, w, h);
        return hysteresis(maxima, magnitude, low, high, w, h);
    }

    /** scipy's {@code _gaussian_kernel1d(sigma, 0, int(truncate * sigma + 0.5))}, normalised as numpy sums. */
    static double[] gaussianWeights(double sigma) {
        int radius = (int) (TRUNCATE * sigma + 0.5);
        double sigma2 = sigma * sigma;
        double[] phi = new double[2 * radius + 1];
        for (int i = 0; i < phi.length; i++) {
            int x = i - radius;
            phi[i] = Math.exp(-0.5 / sigma2 * (x * x));
        }
        double sum = phi[0] + pairwiseSum(phi, 1, phi.length - 1);
        for (int i = 0; i < phi.length; i++) {
            phi[i] /= sum;
        }
        return phi;
    }

    /** numpy's pairwise summation of {@code n} values from {@code from} (8 accumulators, blocks of 128). */
    private static double pairwiseSum(double[] a, int from, int n) {
        if (n < 8) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += a[from + i];
            }
            return s;
        }
        if (n <= 128) {
            double[] r = new double[8];
            System.arraycopy(a, from, r, 0, 8);
            int i = 8;
            for (; i < n - n % 8; i += 8) {
                for (int j = 0; j < 8; j++) {
                    r[j] += a[from + i + j];
                }
            }
            double s = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; i < n; i++) {
                s += a[from + i];
            }
            return s;
        }
        int half = n / 2;
        half -= half % 8;
        return pairwiseSum(a, from, half) + pairwiseSum(a, from + half, n - half);
    }

    /** Separable Gaussian, columns (axis 0) first, zeros outside. */
    private static double[] smooth(double[] values, int w, int h, double[] weights) {
        int r = weights.length / 2;
        double[] tmp = new double[w * h];
        double[] line = new double[Math.max(w, h) + 2 * r];
        for (int x = 0; x < w; x++) {
            Arrays.fill(line, 0.0);
            for (int y = 0; y < h; y++) {
                line[y + r] = values[y * w + x];
            }
            for (int y = 0; y < h; y++) {
                tmp[y * w + x] = symmetric(line, y + r, weights, r);
            }
        }
        double[] out = new double[w * h];
        for (int y = 0; y < h; y++) {
            Arrays.fill(line, 0.0);
            System.arraycopy(tmp, y * w, line, r, w);
            for (int x = 0; x < w; x++) {
                out[y * w + x] = symmetric(line, x + r, weights, r);
            }
        }
        return out;
    }

    /** scipy's symmetric correlation: centre times its weight, then mirrored pairs from the outside in. */
    private static double symmetric(double[] line, int c, double[] weights, int r) {
        double s = line[c] * weights[r];
        for (int j = -r; j < 0; j++) {
            s += (line[c + j] + line[c - j]) * weights[r + j];
        }
        return s;
    }

    /**
     * {@code ndi.sobel(values, axis)}: the difference {@code [-1, 0, 1]} along the axis, then {@code [1, 2, 1]}
     * across it (as {@code 2 * centre + (before + after)}), borders reflected.
     *
     * @param alongY axis 0 (rows) when true, axis 1 (columns) when false
     */
    private static double[] sobel(double[] v, int w, int h, boolean alongY) {
        double[] d = new double[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                d[y * w + x] = alongY
                        ? v[reflect(y + 1, h) * w + x] - v[reflect(y - 1, h) * w + x]
                        : v[y * w + reflect(x + 1, w)] - v[y * w + reflect(x - 1, w)];
            }
        }
        double[] out = new double[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double before = alongY ? d[y * w + reflect(x - 1, w)] : d[reflect(y - 1, h) * w + x];
                double after = alongY ? d[y * w + reflect(x + 1, w)] : d[reflect(y + 1, h) * w + x];
                out[y * w + x] = 2 * d[y * w + x] + (before + after);
            }
        }
        return out;
    }

    private static int reflect(int i, int n) {
        return BlurEffect.reflect(i, n);
    }

    /** numpy's {@code percentile(values, 100 q)} with linear interpolation, on sorted values. */
    static double percentile(double[] sorted, double q) {
        double quantile = (100.0 * q) / 100.0;
        int n = sorted.length;
        double virtual = (n - 1) * quantile;
        if (virtual >= n - 1) {
            return sorted[n - 1];
        }
        if (virtual < 0) {
            return sorted[0];
        }
        int previous = (int) Math.floor(virtual);
        double a = sorted[previous];
        double b = sorted[previous + 1];
        double t = virtual - previous;
        double diff = b - a;
        return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
    }

    /** skimage's {@code _get_local_maxima}: per pixel, the last of the 4 sectors it belongs to decides. */
    private static boolean[] localMaxima(double[] dy, double[] dx, double[] m, int w, int h) {
        boolean[] out = new boolean[w * h];
        for (int y = 1; y < h - 1; y++) {
            for (int x = 1; x < w - 1; x++) {
                int i = y * w + x;
                double mi = m[i];
                if (!(mi > 0)) {
                    continue;
                }
                double gy = dy[i];
                double gx = dx[i];
                double ay = Math.abs(gy);
                double ax = Math.abs(gx);
                boolean horizontal = ay >= ax;
                boolean vertical = ay <= ax;
                boolean diagonal = (gy >= 0 && gx >= 0) || (gy <= 0 && gx <= 0);
                boolean antiDiagonal = (gy <= 0 && gx >= 0) || (gy >= 0 && gx <= 0);
                Boolean decided = null;
                if (diagonal && horizontal) {
                    // 0-45 degrees: between the neighbour below and below-right (and their mirrors)
                    decided = isMax(mi, ax / ay, m[i + w], m[i + w + 1], m[i - w], m[i - w - 1]);
                }
                if (diagonal && vertical) {
                    // 45-90 degrees
                    decided = isMax(mi, ay / ax, m[i + 1], m[i + w + 1], m[i - 1], m[i - w - 1]);
                }
                if (antiDiagonal && vertical) {
                    // 90-135 degrees
                    decided = isMax(mi, ay / ax, m[i + 1], m[i - w + 1], m[i - 1], m[i + w - 1]);
                }
                if (antiDiagonal && horizontal) {
                    // 135-180 degrees
                    decided = isMax(mi, ax / ay, m[i - w], m[i - w + 1], m[i + w], m[i + w - 1]);
                }
                out[i] = decided != null && decided;
            }
        }
        return out;
    }

    /** skimage's {@code _set_local_maxima} for one pixel: not below either interpolated neighbour. */
    private static boolean isMax(double m, double weight, double plus1, double plus2, double minus1, double minus2) {
        boolean plus = plus2 * weight + plus1 * (1 - weight) <= m;
        boolean minus = minus2 * weight + minus1 * (1 - weight) <= m;
        return plus && minus;
    }

    /** Components (8-connected) of maxima {@code >= low} that contain a maximum {@code >= high}. */
    private static boolean[] hysteresis(boolean[] maxima, double[] m, double low, double high, int w, int h) {
        boolean[] edges = new boolean[w * h];
        ArrayDeque<Integer> todo = new ArrayDeque<>();
        for (int i = 0; i < edges.length; i++) {
            if (maxima[i] && m[i] >= high && m[i] >= low && !edges[i]) {
                edges[i] = true;
                todo.add(i);
                while (!todo.isEmpty()) {
                    int j = todo.poll();
                    int jy = j / w;
                    int jx = j % w;
                    for (int ny = Math.max(0, jy - 1); ny <= Math.min(h - 1, jy + 1); ny++) {
                        for (int nx = Math.max(0, jx - 1); nx <= Math.min(w - 1, jx + 1); nx++) {
                            int k = ny * w + nx;
                            if (!edges[k] && maxima[k] && m[k] >= low) {
                                edges[k] = true;
                                todo.add(k);
                            }
                        }
                    }
                }
            }
        }
        return edges;
    }
}
