package org.deblurgateway.model.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.deblurgateway.model.image.FloatImage;
import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void psnr_identicalImages_isPositiveInfinity() {
        FloatImage a = pattern(20, 20, 3, 0);
        assertEquals(Double.POSITIVE_INFINITY, Psnr.compute(a, a));
        assertEquals(1.0, Ssim.compute(a, a), 1e-12);
        assertEquals(0.0, DeltaE2000.mean(a, a), 0.0);
    }

    @Test
    void psnr_uniformOffset_isTenLog10OfInverseSquare() {
        FloatImage a = new FloatImage(4, 4, 1, new float[16]);
        float[] d = new float[16];
        Arrays.fill(d, 0.125f);
        assertEquals(10 * Math.log10(64.0), Psnr.compute(a, new FloatImage(4, 4, 1, d)), 1e-12);
    }

    @Test
    void metrics_shapeMismatch_throwsWithShapes() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> ImageQuality.measure(pattern(20, 20, 1, 0), pattern(20, 21, 1, 0)));
        assertTrue(e.getMessage().contains("20x20x1 vs 20x21x1"), e.getMessage());
    }

    @Test
    void ssim_imageSmallerThanWindow_throws() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> Ssim.compute(pattern(10, 40, 1, 0), pattern(10, 40, 1, 1)));
        assertTrue(e.getMessage().contains("11x11"), e.getMessage());
    }

    @Test
    void deltaE_twoChannelImage_throws() {
        assertThrows(
                IllegalArgumentException.class, () -> DeltaE2000.mean(pattern(12, 12, 2, 0), pattern(12, 12, 2, 1)));
    }

    @Test
    void deltaE_sharpCielabReferencePair_matchesPublishedValue() {
        // Sharma, Wu, Dalal (2005) CIEDE2000 test data, pair 1: 2.0425.
        assertEquals(
                2.0425,
                DeltaE2000.difference(new double[] {50, 2.6772, -79.7751}, new double[] {50, 0, -82.7485}),
                1e-4);
        // Pair 17 (hue angles across 0/360): 27.1492.
        assertEquals(27.1492, DeltaE2000.difference(new double[] {50, 2.5, 0}, new double[] {73, 25, -18}), 1e-4);
    }

    @Test
    void metrics_moreNoise_scoresWorse() {
        FloatImage ref = pattern(64, 48, 3, 0);
        ImageQuality mild = ImageQuality.measure(ref, noisy(ref, 0.01));
        ImageQuality strong = ImageQuality.measure(ref, noisy(ref, 0.05));
        assertTrue(mild.psnr() > strong.psnr() + 10);
        assertTrue(mild.ssim() > strong.ssim());
        assertTrue(mild.deltaE() < strong.deltaE());
    }

    private static FloatImage noisy(FloatImage ref, double amplitude) {
        float[] d = ref.data().clone();
        Random r = new Random(7);
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) Math.min(1, Math.max(0, d[i] + amplitude * r.nextGaussian()));
        }
        return new FloatImage(ref.width(), ref.height(), ref.channels(), d);
    }

    private static FloatImage pattern(int w, int h, int c, int phase) {
        FloatImage img = FloatImage.zeros(w, h, c);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int k = 0; k < c; k++) {
                    img.set(x, y, k, (float) (0.5 + 0.4 * Math.sin(0.3 * x + phase + k) * Math.cos(0.2 * y)));
                }
            }
        }
        return img;
    }
}
