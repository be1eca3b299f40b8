package org.deblurgateway.model.blur;

import org.deblurgateway.model.image.RowParallel;

/**
 * Direct 2-D filtering of one float64 plane with numpy {@code reflect} padding ({@code d c b | a b c d | c b a}),
 * visiting only the non-zero kernel taps and running rows in parallel.
 *
 * <p>Taps are added in kernel row-major order starting from 0, the order the Python reference uses (left to right,
 * four at a time), so results agree with it to ~1e-16. A 2048x2048 plane with a 25x25 motion kernel (~60 taps)
 * takes well under a second on two idle cores.
 */
public final class ReflectConvolution {

    private ReflectConvolution() {}

    /** True convolution: {@code out[y, x] = sum K[i, j] in[y + ci - i, x + cj - j]}. */
    public static double[] convolve(double[] plane, int width, int height, BlurKernel kernel) {
        return filter(plane, width, height, kernel, false);
    }

    /**
     * The adjoint of {@link #convolve} away from the border (correlation):
     * {@code out[y, x] = sum K[i, j] in[y - ci + i, x - cj + j]}; used by Richardson-Lucy.
     */
    public static double[] correlate(double[] plane, int width, int height, BlurKernel kernel) {
        return filter(plane, width, height, kernel, true);
    }

    private static double[] filter(double[] plane, int width, int height, BlurKernel kernel, boolean adjoint) {
        if (plane.length != width * height) {
            throw new IllegalArgumentException("plane has " + plane.length + " samples, expected " + width * height);
        }
        int kh = kernel.height();
        int kw = kernel.width();
        int ci = kernel.centreRow();
        int cj = kernel.centreColumn();
        int taps = kernel.nonZeroTaps();
        int[] dy = new int[taps];
        int[] dx = new int[taps];
        double[] w = new double[taps];
        int t = 0;
        for (int i = 0; i < kh; i++) {
            for (int j = 0; j < kw; j++) {
                double v = kernel.weight(i, j);
                if (v != 0.0) {
                    dy[t] = adjoint ? i - ci : ci - i;
                    dx[t] = adjoint ? j - cj : cj - j;
                    w[t] = v;
                    t++;
                }
            }
        }
        int top = 0;
        int bottom = 0;
        int left = 0;
        int right = 0;
        for (int k = 0; k < taps; k++) {
            top = Math.max(top, -dy[k]);
            bottom = Math.max(bottom, dy[k]);
            left = Math.max(left, -dx[k]);
            right = Math.max(right, dx[k]);
        }
        int pw = width + left + right;
        int ph = height + top + bottom;
        double[] padded = new double[pw * ph];
        int[] colIndex = new int[pw];
        for (int x = 0; x < pw; x++) {
            colIndex[x] = reflect(x - left, width);
        }
        int padLeft = left;
        int padTop = top;
        RowParallel.forRows(ph, (from, to) -> {
            for (int py = from; py < to; py++) {
                int src = reflect(py - padTop, height) * width;
                int dst = py * pw;
                System.arraycopy(plane, src, padded, dst + padLeft, width);
                for (int x = 0; x < padLeft; x++) {
                    padded[dst + x] = plane[src + colIndex[x]];
                }
                for (int x = padLeft + width; x < pw; x++) {
                    padded[dst + x] = plane[src + colIndex[x]];
                }
            }
        });
        double[] out = new double[width * height];
        RowParallel.forRows(height, (from, to) -> {
            for (int y = from; y < to; y++) {
                int o = y * width;
                int k = 0;
                // Four taps per sweep over the row: a quarter of the read-modify-writes of the output row.
                for (; k + 4 <= taps; k += 4) {
                    double v0 = w[k];
                    double v1 = w[k + 1];
                    double v2 = w[k + 2];
                    double v3 = w[k + 3];
                    int s0 = (y + dy[k] + padTop) * pw + dx[k] + padLeft;
                    int s1 = (y + dy[k + 1] + padTop) * pw + dx[k + 1] + padLeft;
                    int s2 = (y + dy[k + 2] + padTop) * pw + dx[k + 2] + padLeft;
                    int s3 = (y + dy[k + 3] + padTop) * pw + dx[k + 3] + padLeft;
                    for (int x = 0; x < width; x++) {
                        out[o + x] = out[o + x]
                                + v0 * padded[s0 + x]
                                + v1 * padded[s1 + x]
                                + v2 * padded[s2 + x]
                                + v3 * padded[s3 + x];
                    }
                }
                for (; k < taps; k++) {
                    double v = w[k];
                    int s = (y + dy[k] + padTop) * pw + dx[k] + padLeft;
                    for (int x = 0; x < width; x++) {
                        out[o + x] += v * padded[s + x];
                    }
                }
            }
        });
        return out;
    }

    /**
     * numpy {@code reflect} index: mirror about the edge samples without repeating them, periodic with
     * {@code 2 (n - 1)} so pads wider than the image keep mirroring as numpy does.
     */
    public static int reflect(int i, int n) {
        if (n == 1) {
            return 0;
        }
        if (i >= 0 && i < n) {
            return i;
        }
        int period = 2 * (n - 1);
        int m = Math.floorMod(i, period);
        return m < n ? m : period - m;
    }
}
