package org.deblurgateway.model.baseline;

import java.util.ArrayList;
import java.util.List;

/**
 * In-place complex FFT of one length made of the factors 2, 3 and 5 (mixed radix, recursive decimation in time).
 *
 * <p>Callers pad to {@link #goodSize(int)}, the next 2^a 3^b 5^c length, which stays within ~10 % of the
 * needed size where a power of two could nearly double it. Forward uses {@code exp(-2 pi i jk / n)}; the
 * inverse is unscaled (divide by n yourself). Immutable and thread-safe; scratch is per call.
 */
public final class Fft {

    private final int n;
    private final int[] factors;
    private final double[] cos;
    private final double[] sin;

    /** An FFT of length {@code n}; {@code n} must be 2^a 3^b 5^c. */
    public Fft(int n) {
        if (n < 1 || !isGood(n)) {
            throw new IllegalArgumentException("FFT length must be a positive 2^a 3^b 5^c, not " + n);
        }
        this.n = n;
        this.factors = factor(n);
        this.cos = new double[n];
        this.sin = new double[n];
        for (int k = 0; k < n; k++) {
            double a = 2.0 * Math.PI * k / n;
            cos[k] = Math.cos(a);
            sin[k] = Math.sin(a);
        }
    }

    /** The length. */
    public int size() {
        return n;
    }

    /** Smallest 2^a 3^b 5^c that is {@code >= min}. */
    public static int goodSize(int min) {
        int best = Integer.MAX_VALUE;
        for (long p2 = 1; p2 < 2L * Math.max(min, 1); p2 *= 2) {
            for (long p3 = p2; p3 < 2L * Math.max(min, 1); p3 *= 3) {
                for (long p5 = p3; p5 < 2L * Math.max(min, 1); p5 *= 5) {
                    if (p5 >= min && p5 < best) {
                        best = (int) p5;
                    }
                }
            }
        }
        return best;
    }

    private static boolean isGood(int n) {
        for (int p : new int[] {2, 3, 5}) {
            while (n % p == 0) {
                n /= p;
            }
        }
        return n == 1;
    }

    private static int[] factor(int n) {
        List<Integer> f = new ArrayList<>();
        while (n % 4 == 0) {
            f.add(4);
            n /= 4;
        }
        for (int p : new int[] {2, 3, 5}) {
            while (n % p == 0) {
                f.add(p);
                n /= p;
            }
        }
        return f.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Transforms {@code re[off + k*stride], im[...]} for k in [0, n) in place. */
    public void transform(double[] re, double[] im, int off, int stride, boolean inverse) {
        double[] xr = new double[n];
        double[] xi = new double[n];
        for (int k = 0; k < n; k++) {
            xr[k] = re[off + k * stride];
            xi[k] = im[off + k * stride];
        }
        double[][] scratch = scratch(n);
        transform(xr, xi, inverse, scratch);
        for (int k = 0; k < n; k++) {
            re[off + k * stride] = xr[k];
            im[off + k * stride] = xi[k];
        }
    }

    /** Scratch for {@link #transform(double[], double[], boolean, double[][])}: reuse it per thread. */
    static double[][] scratch(int n) {
        return new double[][] {new double[n], new double[n], new double[5], new double[5]};
    }

    /** Transforms a contiguous buffer of length n in place, using {@code scratch} from {@link #scratch(int)}. */
    void transform(double[] re, double[] im, boolean inverse, double[][] scratch) {
        double[] yr = scratch[0];
        double[] yi = scratch[1];
        recurse(re, im, 0, 1, yr, yi, 0, n, 0, 1, inverse ? 1.0 : -1.0, scratch[2], scratch[3]);
        System.arraycopy(yr, 0, re, 0, n);
        System.arraycopy(yi, 0, im, 0, n);
    }

    /**
     * DFT of {@code len} inputs at {@code x[xOff + k*stride]} into {@code y[yOff .. yOff+len)}.
     *
     * @param twStep n / len: step in the twiddle table for W_len
     * @param sign   -1 forward, +1 inverse
     */
    private void recurse(
            double[] xr,
            double[] xi,
            int xOff,
            int stride,
            double[] yr,
            double[] yi,
            int yOff,
            int len,
            int f,
            int twStep,
            double sign,
            double[] tr,
            double[] ti) {
        if (len == 1) {
            yr[yOff] = xr[xOff];
            yi[yOff] = xi[xOff];
            return;
        }
        int p = factors[f];
        int m = len / p;
        if (m == 1) {
            // Last factor: the sub-transforms are single samples, gather them directly.
            for (int q = 0; q < p; q++) {
                yr[yOff + q] = xr[xOff + q * stride];
                yi[yOff + q] = xi[xOff + q * stride];
            }
        } else {
            for (int q = 0; q < p; q++) {
                recurse(
                        xr,
                        xi,
                        xOff + q * stride,
                        stride * p,
                        yr,
                        yi,
                        yOff + q * m,
                        m,
                        f + 1,
                        twStep * p,
                        sign,
                        tr,
                        ti);
            }
        }
        switch (p) {
            case 2 -> radix2(yr, yi, yOff, m, twStep, sign);
            case 3 -> radix3(yr, yi, yOff, m, twStep, sign);
            case 4 -> radix4(yr, yi, yOff, m, twStep, sign);
            case 5 -> radix5(yr, yi, yOff, m, twStep, sign);
            default -> radixGeneric(yr, yi, yOff, m, p, twStep, sign, tr, ti);
        }
    }

    private void radix2(double[] yr, double[] yi, int off, int m, int twStep, double sign) {
        for (int k = 0; k < m; k++) {
            int a = off + k;
            int b = a + m;
            int t = k * twStep;
            double wr = cos[t];
            double wi = sign * sin[t];
            double br = yr[b] * wr - yi[b] * wi;
            double bi = yr[b] * wi + yi[b] * wr;
            double ar = yr[a];
            double ai = yi[a];
            yr[a] = ar + br;
            yi[a] = ai + bi;
            yr[b] = ar - br;
            yi[b] = ai - bi;
        }
    }

    private void radix4(double[] yr, double[] yi, int off, int m, int twStep, double sign) {
        for (int k = 0; k < m; k++) {
            int i0 = off + k;
            int i1 = i0 + m;
            int i2 = i1 + m;
            int i3 = i2 + m;
            int t1 = k * twStep;
            int t2 = 2 * t1;
            int t3 = 3 * t1;
            double r0 = yr[i0];
            double j0 = yi[i0];
            double r1 = yr[i1] * cos[t1] - yi[i1] * sign * sin[t1];
            double j1 = yr[i1] * sign * sin[t1] + yi[i1] * cos[t1];
            double r2 = yr[i2] * cos[t2] - yi[i2] * sign * sin[t2];
            double j2 = yr[i2] * sign * sin[t2] + yi[i2] * cos[t2];
            double r3 = yr[i3] * cos[t3] - yi[i3] * sign * sin[t3];
            double j3 = yr[i3] * sign * sin[t3] + yi[i3] * cos[t3];
            double s02r = r0 + r2;
            double s02i = j0 + j2;
            double d02r = r0 - r2;
            double d02i = j0 - j2;
            double s13r = r1 + r3;
            double s13i = j1 + j3;
            // (sign * i) * (t1 - t3): forward multiplies by -i, inverse by +i.
            double d13r = -sign * (j1 - j3);
            double d13i = sign * (r1 - r3);
            yr[i0] = s02r + s13r;
            yi[i0] = s02i + s13i;
            yr[i2] = s02r - s13r;
            yi[i2] = s02i - s13i;
            yr[i1] = d02r + d13r;
            yi[i1] = d02i + d13i;
            yr[i3] = d02r - d13r;
            yi[i3] = d02i - d13i;
        }
    }

    private void radix3(double[] yr, double[] yi, int off, int m, int twStep, double sign) {
        double c = -0.5;
        double sn = sign * Math.sqrt(0.75);
        for (int k = 0; k < m; k++) {
            int i0 = off + k;
            int i1 = i0 + m;
            int i2 = i1 + m;
            int t1 = k * twStep;
            int t2 = 2 * t1;
            double r1 = yr[i1] * cos[t1] - yi[i1] * sign * sin[t1];
            double j1 = yr[i1] * sign * sin[t1] + yi[i1] * cos[t1];
            double r2 = yr[i2] * cos[t2] - yi[i2] * sign * sin[t2];
            double j2 = yr[i2] * sign * sin[t2] + yi[i2] * cos[t2];
            double ar = r1 + r2;
            double ai = j1 + j2;
            double br = r1 - r2;
            double bi = j1 - j2;
            double mr = yr[i0] + c * ar;
            double mi = yi[i0] + c * ai;
            yr[i0] += ar;
            yi[i0] += ai;
            // i * sn * b
            yr[i1] = mr - sn * bi;
            yi[i1] = mi + sn * br;
            yr[i2] = mr + sn * bi;
            yi[i2] = mi - sn * br;
        }
    }

    private void radix5(double[] yr, double[] yi, int off, int m, int twStep, double sign) {
        double c1 = Math.cos(2 * Math.PI / 5);
        double c2 = Math.cos(4 * Math.PI / 5);
        double s1 = sign * Math.sin(2 * Math.PI / 5);
        double s2 = sign * Math.sin(4 * Math.PI / 5);
        for (int k = 0; k < m; k++) {
            int i0 = off + k;
            int i1 = i0 + m;
            int i2 = i1 + m;
            int i3 = i2 + m;
            int i4 = i3 + m;
            int t1 = k * twStep;
            double r1 = yr[i1] * cos[t1] - yi[i1] * sign * sin[t1];
            double j1 = yr[i1] * sign * sin[t1] + yi[i1] * cos[t1];
            int t2 = 2 * t1;
            double r2 = yr[i2] * cos[t2] - yi[i2] * sign * sin[t2];
            double j2 = yr[i2] * sign * sin[t2] + yi[i2] * cos[t2];
            int t3 = 3 * t1;
            double r3 = yr[i3] * cos[t3] - yi[i3] * sign * sin[t3];
            double j3 = yr[i3] * sign * sin[t3] + yi[i3] * cos[t3];
            int t4 = 4 * t1;
            double r4 = yr[i4] * cos[t4] - yi[i4] * sign * sin[t4];
            double j4 = yr[i4] * sign * sin[t4] + yi[i4] * cos[t4];
            double a1r = r1 + r4;
            double a1i = j1 + j4;
            double a2r = r2 + r3;
            double a2i = j2 + j3;
            double b1r = r1 - r4;
            double b1i = j1 - j4;
            double b2r = r2 - r3;
            double b2i = j2 - j3;
            double x0r = yr[i0];
            double x0i = yi[i0];
            double m1r = x0r + c1 * a1r + c2 * a2r;
            double m1i = x0i + c1 * a1i + c2 * a2i;
            double m2r = x0r + c2 * a1r + c1 * a2r;
            double m2i = x0i + c2 * a1i + c1 * a2i;
            // n1 = s1 b1 + s2 b2, n2 = s2 b1 - s1 b2; X1,4 = m1 +- i n1, X2,3 = m2 +- i n2.
            double n1r = s1 * b1r + s2 * b2r;
            double n1i = s1 * b1i + s2 * b2i;
            double n2r = s2 * b1r - s1 * b2r;
            double n2i = s2 * b1i - s1 * b2i;
            yr[i0] = x0r + a1r + a2r;
            yi[i0] = x0i + a1i + a2i;
            yr[i1] = m1r - n1i;
            yi[i1] = m1i + n1r;
            yr[i4] = m1r + n1i;
            yi[i4] = m1i - n1r;
            yr[i2] = m2r - n2i;
            yi[i2] = m2i + n2r;
            yr[i3] = m2r + n2i;
            yi[i3] = m2i - n2r;
        }
    }

    private void radixGeneric(
            double[] yr, double[] yi, int off, int m, int p, int twStep, double sign, double[] tr, double[] ti) {
        int wStep = n / p;
        for (int k = 0; k < m; k++) {
            for (int q = 0; q < p; q++) {
                int idx = off + q * m + k;
                int t = q * k * twStep;
                tr[q] = yr[idx] * cos[t] - yi[idx] * sign * sin[t];
                ti[q] = yr[idx] * sign * sin[t] + yi[idx] * cos[t];
            }
            for (int s = 0; s < p; s++) {
                double sr = 0;
                double si = 0;
                for (int q = 0; q < p; q++) {
                    int t = (q * s % p) * wStep;
                    double wr = cos[t];
                    double wi = sign * sin[t];
                    sr += tr[q] * wr - ti[q] * wi;
                    si += tr[q] * wi + ti[q] * wr;
                }
                yr[off + k + s * m] = sr;
                yi[off + k + s * m] = si;
            }
        }
    }
}
