package org.deblurgateway.model.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.deblurgateway.model.blur.Blur;
import org.deblurgateway.model.blur.BlurKernel;
import org.deblurgateway.model.image.FloatImage;
import org.deblurgateway.model.image.Frame;
import org.deblurgateway.model.image.FrameNormalizer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * {@link BlurEffect} against scikit-image 0.19's {@code blur_effect} ({@code metrics/blur_effect.json}, written by
 * {@code /usr/bin/python3 model/tools/make_blur_effect_vectors.py}) and its behaviour under blur.
 */
class BlurEffectTest {

    /** Frames are scored in float64 from their integer samples: only summation order differs from skimage. */
    private static final double FRAME_TOLERANCE = 1e-9;
    /** Float images carry float32 samples, rounded off the float64 values skimage scored. */
    private static final double FLOAT_IMAGE_TOLERANCE = 1e-6;

    @TestFactory
    List<DynamicTest> of_skimageVectors_agree() throws IOException {
        JsonNode root;
        try (InputStream in = BlurEffectTest.class.getResourceAsStream("/metrics/blur_effect.json")) {
            assertNotNull(
                    in,
                    "missing metrics/blur_effect.json: run /usr/bin/python3 "
                            + "model/tools/make_blur_effect_vectors.py");
            root = new ObjectMapper().readTree(in);
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : root.get("cases")) {
            tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> check(c)));
        }
        assertTrue(tests.size() >= 10, "expected at least 10 blur-effect cases");
        return tests;
    }

    private static void check(JsonNode c) {
        Frame frame = frame(c);
        double expected = c.get("expected").asDouble();
        assertEquals(expected, BlurEffect.of(frame), FRAME_TOLERANCE, "score of the frame");

        // Every axis skimage could score (not 0/0 here) agrees too, not just the larger one.
        double[] axes = BlurEffect.axisScores(GreyRows.of(frame));
        for (int axis = 0; axis < 2; axis++) {
            if (!Double.isNaN(axes[axis])) {
                assertEquals(c.get("skimageAxes").get(axis).asDouble(), axes[axis], FRAME_TOLERANCE, "axis " + axis);
            }
        }

        FloatImage normalised = FrameNormalizer.normalize(frame).image();
        assertEquals(expected, BlurEffect.of(normalised), FLOAT_IMAGE_TOLERANCE, "score of the float image");
    }

    private static Frame frame(JsonNode c) {
        JsonNode levels = c.get("samples");
        int[] samples = new int[levels.size()];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = levels.get(i).asInt();
        }
        return new Frame(
                c.get("width").asInt(),
                c.get("height").asInt(),
                c.get("channels").asInt(),
                c.get("bitsStored").asInt(),
                c.get("signed").asBoolean(),
                samples);
    }

    @Test
    void of_longerMotionBlur_scoresHigher() {
        FloatImage sharp = phantom(160, 128);
        double previous = BlurEffect.of(sharp);
        for (int length : new int[] {3, 5, 9, 15, 25}) {
            double score = BlurEffect.of(Blur.convolve(sharp, BlurKernel.motion(length, 30)));
            assertTrue(score > previous, "motion L=" + length + " scored " + score + ", not above " + previous);
            previous = score;
        }
        assertTrue(previous < 1.0, "blur score stays below 1: " + previous);
    }

    @Test
    void of_widerGaussianBlur_scoresHigher() {
        FloatImage sharp = phantom(128, 128);
        double previous = BlurEffect.of(sharp);
        for (double sigma : new double[] {0.5, 1, 2, 4}) {
            double score = BlurEffect.of(Blur.convolve(sharp, BlurKernel.gaussian(sigma)));
            assertTrue(score > previous, "gaussian sigma " + sigma + " scored " + score + ", not above " + previous);
            previous = score;
        }
    }

    @Test
    void of_affineMapsOfTheSamples_scoreAlike() {
        FloatImage image = Blur.convolve(phantom(64, 48), BlurKernel.motion(7, 10));
        int[] eightBit = new int[image.data().length];
        int[] deepInverted = new int[eightBit.length];
        for (int i = 0; i < eightBit.length; i++) {
            eightBit[i] = Math.round(image.data()[i] * 255);
            deepInverted[i] = 40000 - 150 * eightBit[i];
        }
        double score = BlurEffect.of(new Frame(48, 64, 1, 8, false, eightBit));
        assertEquals(score, BlurEffect.of(new Frame(48, 64, 1, 16, false, deepInverted)), 1e-12);
        assertTrue(score > 0.1 && score < 0.9, "a motion-blurred phantom scores in between: " + score);
    }

    @Test
    void of_rgbFrame_scoresItsLuminance() {
        FloatImage grey = Blur.convolve(phantom(40, 56), BlurKernel.gaussian(1));
        float[] rgb = new float[grey.data().length * 3];
        for (int i = 0; i < grey.data().length; i++) {
            float v = grey.data()[i];
            rgb[3 * i] = v;
            rgb[3 * i + 1] = v;
            rgb[3 * i + 2] = v;
        }
        // The luminance weights sum to 1, so R = G = B is the grey image itself.
        assertEquals(BlurEffect.of(grey), BlurEffect.of(new FloatImage(56, 40, 3, rgb)), 1e-9);
    }

    @Test
    void of_noGradient_isOne() {
        assertEquals(1.0, BlurEffect.of(new Frame(30, 20, 3, 8, false, filled(30 * 20 * 3, 77))));
        assertEquals(1.0, BlurEffect.of(new Frame(3, 3, 1, 12, false, new int[] {1, 900, 4, 80, 7, 3000, 5, 6, 2})));
    }

    @Test
    void of_nanSample_isNaN() {
        FloatImage image = phantom(20, 20);
        image.data()[210] = Float.NaN;
        assertTrue(Double.isNaN(BlurEffect.of(image)));
    }

    @Test
    void reflect_beyondTwiceTheLength_keepsMirroring() {
        // scipy 'reflect' of [a b c]: ... c b a | a b c | c b a | a b c ...
        int[] expected = {2, 1, 0, 0, 1, 2, 2, 1, 0, 0};
        for (int i = -3; i < 7; i++) {
            assertEquals(expected[i + 3], BlurEffect.reflect(i, 3), "index " + i);
        }
        assertEquals(0, BlurEffect.reflect(-6, 1));
    }

    private static int[] filled(int n, int value) {
        int[] s = new int[n];
        Arrays.fill(s, value);
        return s;
    }

    /** Hard-edged ellipses and a bar on a dark background, values in [0, 1]. */
    private static FloatImage phantom(int height, int width) {
        FloatImage image = FloatImage.zeros(width, height, 1);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double u = 2.0 * (x + 0.5) / width - 1;
                double v = 2.0 * (y + 0.5) / height - 1;
                double value = 0.1;
                if (u * u / 0.7 / 0.7 + v * v / 0.9 / 0.9 <= 1) {
                    value = 0.8;
                }
                if ((u - 0.2) * (u - 0.2) / 0.04 + (v + 0.1) * (v + 0.1) / 0.16 <= 1) {
                    value = 0.35;
                }
                if ((u + 0.3) * (u + 0.3) + (v - 0.3) * (v - 0.3) <= 0.02) {
                    value = 1.0;
                }
                if (Math.abs(v - 0.6) < 0.03 && Math.abs(u) < 0.4) {
                    value = 0.0;
                }
                image.set(x, y, 0, (float) value);
            }
        }
        return image;
    }
}
