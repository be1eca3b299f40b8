package org.deblurgateway.model.baseline;

import org.deblurgateway.model.blur.BlurKernel;
import org.deblurgateway.model.blur.Planes;
import org.deblurgateway.model.blur.ReflectConvolution;
import org.deblurgateway.model.image.FloatImage;
import org.deblurgateway.model.image.RowParallel;

/**
 * Wiener deconvolution given the TRUE kernel: an upper reference, not a blind method.
 *
 * <p>Per channel, {@code X = conj(H) Y / (|H|^2 + K)} with a constant noise-to-signal ratio {@code K}. The image is
 * mirror-padded ({@code reflect}, like the blur itself) by at least one kernel size on every side up to an FFT-friendly
 * size, so the FFT's wrap-around lands in the padding; the result is cropped and clipped to [0, 1]. Channels are
 * processed two at a time as the real and imaginary parts of one complex grid (exact, since the filter is the
 * transform of a real kernel).
 */
public final class WienerDeconvolution {

    /**
     * Default noise-to-signal constant, chosen by a sweep on motion-protocol train images
     * (see {@link Baseline}).
     */
    public static final double DEFAULT_NSR = 1.5e-2;

    /** Padding on each side, in kernel sizes: the mirrored band plus room for the taper. */
    private static final int MARGIN_KERNELS = 2;

    private final double nsr;

    /** Wiener filter with noise-to-signal constant {@code nsr} (> 0). */
    public WienerDeconvolution(double nsr) {
        if (!(nsr > 0) || !Double.isFinite(nsr)) {
            throw new IllegalArgumentException("noise-to-signal constant must be positive, not " + nsr);
        }
        this.nsr = nsr;
    }

    /** Restores {@code blurry} (in [0, 1]) that was blurred by {@code kernel}. */
    public FloatImage restore(FloatImage blurry, BlurKernel kernel) {
        int w = blurry.width();
        int h = blurry.height();
        int margin = MARGIN_KERNELS * Math.max(kernel.height(), kernel.width());
        int rows = Fft.goodSize(h + 2 * margin);
        int cols = Fft.goodSize(w + 2 * margin);
        Fft2d fft = new Fft2d(rows, cols);
        double[][] filter = filter(kernel, fft);
        double[] gr = filter[0];
        double[] gi = filter[1];
        FloatImage out = FloatImage.zeros(w, h, blurry.channels());
        for (int c = 0; c < blurry.channels(); c += 2) {
            boolean pair = c + 1 < blurry.channels();
            double[] re = padded(Planes.extract(blurry, c), w, h, rows, cols, margin);
            double[] im =
                    pair ? padded(Planes.extract(blurry, c + 1), w, h, rows, cols, margin) : new double[rows * cols];
            fft.transform(re, im, false);
            double scale = 1.0 / ((double) rows * cols);
            RowParallel.forRows(rows, (from, to) -> {
                for (int i = from * cols; i < to * cols; i++) {
                    double r = re[i] * gr[i] - im[i] * gi[i];
                    double s = re[i] * gi[i] + im[i] * gr[i];
                    re[i] = r * scale;
                    im[i] = s * scale;
                }
            });
            fft.transform(re, im, true);
            Planes.insert(cropClipped(re, w, h, cols, margin), out, c);
            if (pair) {
                Planes.insert(cropClipped(im, w, h, cols, margin), out, c + 1);
            }
        }
        return out;
    }

    /** The Wiener filter {@code conj(H) / (|H|^2 + K)} on the padded grid. */
    private double[][] filter(BlurKernel kernel, Fft2d fft) {
        int rows = fft.rows();
        int cols = fft.cols();
        double[] hr = new double[rows * cols];
        double[] hi = new double[rows * cols];
        int ci = kernel.centreRow();
        int cj = kernel.centreColumn();
        for (int i = 0; i < kernel.height(); i++) {
            for (int j = 0; j < kernel.width(); j++) {
                // Tap (i, j) shifts the image by (ci - i, cj - j): place it there, wrapped.
                int y = Math.floorMod(i - ci, rows);
                int x = Math.floorMod(j - cj, cols);
                hr[y * cols + x] += kernel.weight(i, j);
            }
        }
        fft.transform(hr, hi, false);
        for (int k = 0; k < hr.length; k++) {
            double d = hr[k] * hr[k] + hi[k] * hi[k] + nsr;
            hr[k] = hr[k] / d;
            hi[k] = -hi[k] / d;
        }
        return new double[][] {hr, hi};
    }

    /**
     * The plane placed at ({@code margin}, {@code margin}) of a rows x cols grid, mirrored outwards and faded to the
     * plane's mean with a raised cosine over the margin: the FFT's wrap-around seam then has no step, whose
     * broadband error the inverse filter would otherwise amplify into the whole image.
     */
    static double[] padded(double[] plane, int w, int h, int rows, int cols, int margin) {
        double mean = 0;
        for (double v : plane) {
            mean += v;
        }
        double m = mean / plane.length;
        double[] grid = new double[rows * cols];
        int[] colIndex = new int[cols];
        double[] colFade = new double[cols];
        for (int x = 0; x < cols; x++) {
            colIndex[x] = ReflectConvolution.reflect(x - margin, w);
            colFade[x] = fade(outside(x - margin, w, cols - w), margin);
        }
        RowParallel.forRows(rows, (from, to) -> {
            for (int y = from; y < to; y++) {
                int src = ReflectConvolution.reflect(y - margin, h) * w;
                double rowFade = fade(outside(y - margin, h, rows - h), margin);
                int dst = y * cols;
                for (int x = 0; x < cols; x++) {
                    double f = rowFade * colFade[x];
                    grid[dst + x] = m + f * (plane[src + colIndex[x]] - m);
                }
            }
        });
        return grid;
    }

    /** Distance of index i from [0, n), measured the short way round a grid with {@code extra} padding cells. */
    private static int outside(int i, int n, int extra) {
        if (i >= 0 && i < n) {
            return 0;
        }
        int after = i < 0 ? i + n + extra - (n - 1) : i - (n - 1);
        int before = i < 0 ? -i : n + extra - i;
        return Math.min(after, before);
    }

    /** 1 inside, raised cosine down to 0 at {@code margin} cells outside. */
    private static double fade(int distance, int margin) {
        if (distance <= 0) {
            return 1.0;
        }
        if (distance >= margin) {
            return 0.0;
        }
        return 0.5 * (1 + Math.cos(Math.PI * distance / margin));
    }

    private static double[] cropClipped(double[] grid, int w, int h, int cols, int margin) {
        double[] plane = new double[w * h];
        for (int y = 0; y < h; y++) {
            int src = (y + margin) * cols + margin;
            for (int x = 0; x < w; x++) {
                plane[y * w + x] = Math.min(1.0, Math.max(0.0, grid[src + x]));
            }
        }
        return plane;
    }
}
