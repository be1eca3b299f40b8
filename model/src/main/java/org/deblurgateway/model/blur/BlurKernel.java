package org.deblurgateway.model.blur;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A blur kernel: {@code height x width} float64 weights, row-major, summing to 1, plus the parameters it was built
 * from ({@code L} and {@code angle} for motion, {@code sigma} for gaussian; empty for a kernel given as numbers).
 *
 * <p>Convolution convention ({@code model/BLUR.md}): {@code out[y, x] = sum K[i, j] img[y + ci - i, x + cj - j]}
 * with centre {@code ci = (height - 1) / 2}, {@code cj = (width - 1) / 2}.
 */
public record BlurKernel(int height, int width, double[] weights, Map<String, Double> parameters) {

    public BlurKernel {
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("kernel size must be positive: " + height + "x" + width);
        }
        Objects.requireNonNull(weights, "weights");
        if (weights.length != height * width) {
            throw new IllegalArgumentException("expected " + height * width + " kernel weights, got " + weights.length);
        }
        for (double w : weights) {
            if (!Double.isFinite(w)) {
                throw new IllegalArgumentException("kernel weights must be finite");
            }
        }
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(parameters, "parameters")));
    }

    /** A kernel from explicit weights (row-major), used as given (not renormalised). */
    public static BlurKernel of(int height, int width, double[] weights) {
        return new BlurKernel(height, width, weights.clone(), Map.of());
    }

    /**
     * The motion kernel of MedDeblur Algorithm 1: an {@code length x length} identity rotated by {@code angleDegrees}
     * about its centre with bilinear sampling (zero outside), divided by its sum.
     */
    public static BlurKernel motion(int length, double angleDegrees) {
        if (length < 1) {
            throw new IllegalArgumentException("motion length must be >= 1, not " + length);
        }
        int n = length;
        double c = (n - 1) / 2.0;
        double a = angleDegrees * Math.PI / 180.0;
        double ca = Math.cos(a);
        double sa = Math.sin(a);
        double[] k = new double[n * n];
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                double xs = c + ca * (x - c) + sa * (y - c);
                double ys = c - sa * (x - c) + ca * (y - c);
                double x0 = Math.floor(xs);
                double y0 = Math.floor(ys);
                double fx = xs - x0;
                double fy = ys - y0;
                // The source is the identity: only neighbours on the diagonal (yy == xx) inside [0, n-1] count.
                double v = 0.0;
                v += identity(y0, x0, n) * ((1 - fx) * (1 - fy));
                v += identity(y0, x0 + 1, n) * (fx * (1 - fy));
                v += identity(y0 + 1, x0, n) * ((1 - fx) * fy);
                v += identity(y0 + 1, x0 + 1, n) * (fx * fy);
                k[y * n + x] = v;
            }
        }
        Map<String, Double> params = new LinkedHashMap<>();
        params.put("L", (double) length);
        params.put("angle", angleDegrees);
        return new BlurKernel(n, n, divideBySum(k), params);
    }

    /** The 1x1 kernel {@code [1]}: convolution leaves the image as it is (the {@code sharp} protocol). */
    public static BlurKernel identity() {
        return of(1, 1, new double[] {1.0});
    }

    /** A Gaussian kernel of size {@code 2r + 1}, {@code r = ceil(3 sigma)}, divided by its sum. */
    public static BlurKernel gaussian(double sigma) {
        if (!(sigma > 0) || !Double.isFinite(sigma)) {
            throw new IllegalArgumentException("gaussian sigma must be positive, not " + sigma);
        }
        int r = (int) Math.ceil(3.0 * sigma);
        int n = 2 * r + 1;
        double[] k = new double[n * n];
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                double dx = x - r;
                double dy = y - r;
                k[y * n + x] = Math.exp(-(dx * dx + dy * dy) / (2.0 * sigma * sigma));
            }
        }
        return new BlurKernel(n, n, divideBySum(k), Map.of("sigma", sigma));
    }

    /** Weight at row {@code i}, column {@code j}. */
    public double weight(int i, int j) {
        return weights[i * width + j];
    }

    /** Row of the kernel centre, {@code (height - 1) / 2}. */
    public int centreRow() {
        return (height - 1) / 2;
    }

    /** Column of the kernel centre, {@code (width - 1) / 2}. */
    public int centreColumn() {
        return (width - 1) / 2;
    }

    /** Number of non-zero weights (the taps a direct convolution visits). */
    public int nonZeroTaps() {
        int n = 0;
        for (double w : weights) {
            if (w != 0.0) {
                n++;
            }
        }
        return n;
    }

    /** Short human-readable description, e.g. {@code motion L=17 angle=-12.30} (no patient data). */
    public String describe() {
        if (parameters.containsKey("L")) {
            return String.format(
                    Locale.ROOT, "motion L=%d angle=%.2f", parameters.get("L").intValue(), parameters.get("angle"));
        }
        if (parameters.containsKey("sigma")) {
            return String.format(Locale.ROOT, "gaussian sigma=%.3f", parameters.get("sigma"));
        }
        if (height == 1 && width == 1) {
            return "identity";
        }
        return "kernel " + height + "x" + width;
    }

    private static double identity(double yy, double xx, int n) {
        return yy == xx && yy >= 0 && yy <= n - 1 ? 1.0 : 0.0;
    }

    private static double[] divideBySum(double[] k) {
        double sum = 0;
        for (double v : k) {
            sum += v;
        }
        if (!(sum > 0)) {
            throw new IllegalStateException("kernel has no weight");
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= sum;
        }
        return k;
    }
}
