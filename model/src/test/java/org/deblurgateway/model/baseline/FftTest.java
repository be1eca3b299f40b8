package org.deblurgateway.model.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class FftTest {

    @Test
    void transform_mixedRadixLengths_equalsNaiveDft() {
        Random r = new Random(3);
        for (int n : new int[] {1, 2, 3, 4, 5, 6, 8, 9, 10, 12, 15, 16, 25, 30, 48, 60, 64, 75, 100, 120, 270}) {
            double[] re = new double[n];
            double[] im = new double[n];
            for (int i = 0; i < n; i++) {
                re[i] = r.nextGaussian();
                im[i] = r.nextGaussian();
            }
            double[] fr = re.clone();
            double[] fi = im.clone();
            new Fft(n).transform(fr, fi, 0, 1, false);
            for (int k = 0; k < n; k++) {
                double sr = 0;
                double si = 0;
                for (int j = 0; j < n; j++) {
                    double a = -2 * Math.PI * ((long) j * k % n) / n;
                    sr += re[j] * Math.cos(a) - im[j] * Math.sin(a);
                    si += re[j] * Math.sin(a) + im[j] * Math.cos(a);
                }
                assertEquals(sr, fr[k], 1e-9, "n=" + n + " k=" + k + " (re)");
                assertEquals(si, fi[k], 1e-9, "n=" + n + " k=" + k + " (im)");
            }
            new Fft(n).transform(fr, fi, 0, 1, true);
            for (int k = 0; k < n; k++) {
                assertEquals(re[k], fr[k] / n, 1e-12, "round trip n=" + n);
            }
        }
    }

    @Test
    void transform2d_impulse_givesFlatSpectrum() {
        Fft2d f = new Fft2d(12, 20);
        double[] re = new double[240];
        double[] im = new double[240];
        re[0] = 1;
        f.transform(re, im, false);
        for (int i = 0; i < 240; i++) {
            assertEquals(1.0, re[i], 1e-12);
            assertEquals(0.0, im[i], 1e-12);
        }
    }

    @Test
    void goodSize_anyMinimum_isSmallestFiveSmoothAtLeastIt() {
        assertEquals(1, Fft.goodSize(1));
        assertEquals(8, Fft.goodSize(7));
        assertEquals(2160, Fft.goodSize(2098));
        assertEquals(576, Fft.goodSize(562));
        assertEquals(1024, Fft.goodSize(1024));
    }

    @Test
    void constructor_lengthWithFactorSeven_throws() {
        assertThrows(IllegalArgumentException.class, () -> new Fft(14));
    }
}
