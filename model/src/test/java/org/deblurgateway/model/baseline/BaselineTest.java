package org.deblurgateway.model.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deblurgateway.model.blur.Blur;
import org.deblurgateway.model.blur.BlurKernel;
import org.deblurgateway.model.blur.SplitMix64;
import org.deblurgateway.model.image.FloatImage;
import org.deblurgateway.model.metrics.Psnr;
import org.junit.jupiter.api.Test;

class BaselineTest {

    private static final BlurKernel MOTION = BlurKernel.motion(15, 20.0);

    @Test
    void oracleBaselines_noiseFreeMotionBlur_improvePsnrByMoreThan2dB() {
        FloatImage sharp = phantom(160, 128, 1);
        FloatImage blurry = Blur.convolve(sharp, MOTION);
        double before = Psnr.compute(sharp, blurry);
        for (Baseline b : new Baseline[] {Baseline.WIENER_ORACLE, Baseline.RL_ORACLE}) {
            double after = Psnr.compute(sharp, b.restore(blurry, MOTION));
            assertTrue(after > before + 2, b.id() + ": " + before + " dB -> " + after + " dB");
        }
    }

    @Test
    void oracleBaselines_noisyRgbMotionBlur_improvePsnr() {
        FloatImage sharp = phantom(128, 96, 3);
        FloatImage blurry = Blur.apply(sharp, MOTION, SplitMix64.forImage("motion", 1, "phantom.png"));
        double before = Psnr.compute(sharp, blurry);
        for (Baseline b : new Baseline[] {Baseline.WIENER_ORACLE, Baseline.RL_ORACLE}) {
            FloatImage restored = b.restore(blurry, MOTION);
            assertEquals(3, restored.channels());
            double after = Psnr.compute(sharp, restored);
            assertTrue(after > before + 1, b.id() + ": " + before + " dB -> " + after + " dB");
        }
    }

    @Test
    void unsharp_blurryImage_addsDetailWithoutHurtingPsnrMuch() {
        FloatImage sharp = phantom(160, 128, 1);
        FloatImage blurry = Blur.convolve(sharp, BlurKernel.gaussian(1.5));
        FloatImage restored = Baseline.UNSHARP.restore(blurry, null);
        assertTrue(gradientEnergy(restored) > 1.1 * gradientEnergy(blurry), "unsharp must sharpen edges");
        assertTrue(Psnr.compute(sharp, restored) > Psnr.compute(sharp, blurry));
        for (float v : restored.data()) {
            assertTrue(v >= 0 && v <= 1, "output clipped to [0, 1]");
        }
    }

    @Test
    void restore_oracleWithoutKernel_throws() {
        FloatImage img = phantom(32, 32, 1);
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Baseline.RL_ORACLE.restore(img, null));
        assertTrue(e.getMessage().contains("true blur kernel"));
    }

    @Test
    void fromId_knownAndUnknown_resolveOrListIds() {
        assertEquals(Baseline.WIENER_ORACLE, Baseline.fromId("wiener-oracle"));
        assertTrue(Baseline.fromId("rl-oracle").needsKernel());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Baseline.fromId("tv"));
        assertTrue(e.getMessage().contains("unsharp, wiener-oracle, rl-oracle"), e.getMessage());
    }

    @Test
    void restore_tinyImageSmallerThanKernel_keepsShapeAndRange() {
        FloatImage tiny = phantom(5, 4, 3);
        for (Baseline b : Baseline.values()) {
            FloatImage out = b.restore(tiny, MOTION);
            assertEquals(5, out.width());
            assertEquals(4, out.height());
            for (float v : out.data()) {
                assertTrue(v >= 0 && v <= 1, b.id());
            }
        }
    }

    /** Checkerboard plus two discs of graded intensity: edges in every direction. */
    static FloatImage phantom(int w, int h, int channels) {
        FloatImage img = FloatImage.zeros(w, h, channels);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double v = 0.2 + 0.5 * (((x / 16) + (y / 16)) % 2);
                double r1 = Math.hypot(x - w * 0.35, y - h * 0.5);
                double r2 = Math.hypot(x - w * 0.7, y - h * 0.4);
                if (r1 < h * 0.2) {
                    v = 0.9 - 0.4 * r1 / (h * 0.2);
                }
                if (r2 < h * 0.15) {
                    v = 0.05;
                }
                for (int c = 0; c < channels; c++) {
                    img.set(x, y, c, (float) Math.min(1, v * (1 - 0.15 * c) + 0.05 * c));
                }
            }
        }
        return img;
    }

    private static double gradientEnergy(FloatImage img) {
        double e = 0;
        for (int y = 0; y < img.height(); y++) {
            for (int x = 1; x < img.width(); x++) {
                double d = img.get(x, y, 0) - img.get(x - 1, y, 0);
                e += d * d;
            }
        }
        return e;
    }
}
