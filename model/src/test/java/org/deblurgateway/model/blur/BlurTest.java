package org.deblurgateway.model.blur;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deblurgateway.model.image.FloatImage;
import org.junit.jupiter.api.Test;

class BlurTest {

    @Test
    void splitMix64_knownSeed_matchesReferenceSequence() {
        // Reference values of SplitMix64 seeded with 0 (Vigna's splitmix64.c).
        SplitMix64 g = new SplitMix64(0);
        assertEquals(Long.parseUnsignedLong("16294208416658607535"), g.next());
        assertEquals(Long.parseUnsignedLong("7960286522194355700"), g.next());
    }

    @Test
    void skipped_anyDistance_equalsSequentialDraws() {
        SplitMix64 a = SplitMix64.forImage("motion", 1, "x.png");
        SplitMix64 b = a.skipped(0);
        for (int i = 0; i < 1001; i++) {
            a.next();
        }
        b.skip(1001);
        assertEquals(a.next(), b.next());
    }

    @Test
    void motionKernel_anyAngle_sumsToOneAndIsPointSymmetric() {
        for (int length = 7; length <= 25; length += 3) {
            BlurKernel k = BlurKernel.motion(length, -45 + length * 3.7);
            double sum = 0;
            for (double w : k.weights()) {
                sum += w;
                assertTrue(w >= 0);
            }
            assertEquals(1.0, sum, 1e-12);
            for (int i = 0; i < length; i++) {
                for (int j = 0; j < length; j++) {
                    assertEquals(k.weight(i, j), k.weight(length - 1 - i, length - 1 - j), 1e-12);
                }
            }
        }
    }

    @Test
    void motionKernel_zeroAngle_isTheNormalisedDiagonal() {
        BlurKernel k = BlurKernel.motion(5, 0.0);
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                assertEquals(i == j ? 0.2 : 0.0, k.weight(i, j), 1e-15);
            }
        }
    }

    @Test
    void gaussianKernel_sigma_hasSizeTwoCeilThreeSigmaPlusOne() {
        assertEquals(7, BlurKernel.gaussian(1.0).height());
        assertEquals(19, BlurKernel.gaussian(3.0).height());
        assertEquals(15, BlurKernel.gaussian(2.31).width());
    }

    @Test
    void reflect_outOfRange_mirrorsWithoutRepeatingEdge() {
        int[] expected = {3, 2, 1, 0, 1, 2, 3, 2, 1, 0, 1};
        for (int i = -3; i <= 7; i++) {
            assertEquals(expected[i + 3], ReflectConvolution.reflect(i, 4), "index " + i);
        }
        assertEquals(0, ReflectConvolution.reflect(-5, 1));
    }

    @Test
    void convolve_shiftKernel_movesImageByOnePixel() {
        // Kernel [0, 0, 1] (centre column 1): out[x] = in[x + 1 - 2] = in[x - 1], reflected at the left edge.
        BlurKernel shift = BlurKernel.of(1, 3, new double[] {0, 0, 1});
        double[] row = {1, 2, 3, 4};
        assertArrayEquals(new double[] {2, 1, 2, 3}, ReflectConvolution.convolve(row, 4, 1, shift), 0.0);
        assertArrayEquals(new double[] {2, 3, 4, 3}, ReflectConvolution.correlate(row, 4, 1, shift), 0.0);
    }

    @Test
    void apply_sameSeed_isDeterministicAndNoiseParallelEqualsSequential() {
        FloatImage sharp = ramp(300, 200, 3);
        ProtocolDraw d1 = BlurProtocol.MOTION.draw(1, "ramp.png");
        ProtocolDraw d2 = BlurProtocol.MOTION.draw(1, "dir/ramp.png");
        SplitMix64 sequential = d1.noiseStream().skipped(0);
        FloatImage a = Blur.apply(sharp, d1.kernel(), d1.noiseStream());
        FloatImage b = Blur.apply(sharp, d2.kernel(), d2.noiseStream());
        assertArrayEquals(a.data(), b.data(), "directories must not change the key");

        double[] clean = Blur.convolve(toDouble(sharp), 300, 200, 3, d1.kernel());
        for (int i = 0; i < clean.length; i++) {
            double v = Math.min(1.0, Math.max(0.0, clean[i] + sequential.gaussian(Blur.NOISE_SIGMA)));
            assertEquals((float) v, a.data()[i], 0.0f, "sample " + i);
        }
        assertEquals(sequential.next(), d1.noiseStream().next(), "stream continues after the noise field");
    }

    @Test
    void protocolBlur_differentSeeds_giveDifferentKernels() {
        BlurKernel a = BlurProtocol.MOTION.kernelFor(1, "IM-0001-0001.jpeg");
        BlurKernel b = BlurProtocol.MOTION.kernelFor(2, "IM-0001-0001.jpeg");
        assertNotEquals(a.describe(), b.describe());
        assertEquals("motion L=24 angle=-22.93", a.describe());
    }

    @Test
    void fromId_unknown_failsWithKnownIds() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BlurProtocol.fromId("box"));
        assertTrue(e.getMessage().contains("motion, gaussian"), e.getMessage());
    }

    @Test
    void convolve_2048x2048With25x25Motion_finishesInSeconds() {
        FloatImage big = ramp(2048, 2048, 1);
        BlurKernel k = BlurKernel.motion(25, 33.0);
        long t0 = System.nanoTime();
        FloatImage out = Blur.apply(big, k, SplitMix64.forImage("motion", 1, "big.png"));
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(big.data().length, out.data().length);
        // Generous bound: the machine is shared; typical is well under a second.
        assertTrue(seconds < 20, "blur of 2048x2048 took " + seconds + " s");
    }

    static FloatImage ramp(int w, int h, int c) {
        FloatImage img = FloatImage.zeros(w, h, c);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int k = 0; k < c; k++) {
                    img.set(x, y, k, (float) (0.5 + 0.4 * Math.sin(x * 0.05 + k) * Math.cos(y * 0.07)));
                }
            }
        }
        return img;
    }

    private static double[] toDouble(FloatImage img) {
        double[] d = new double[img.data().length];
        for (int i = 0; i < d.length; i++) {
            d[i] = img.data()[i];
        }
        return d;
    }
}
