package org.deblurgateway.model.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.deblurgateway.model.blur.Blur;
import org.deblurgateway.model.blur.BlurKernel;
import org.deblurgateway.model.image.FloatImage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Otsu, Dice, Canny and edge F1 against scikit-image 0.19, live: synthetic phantoms made here are handed to
 * {@code /usr/bin/python3 model/tools/cad_reference.py}, which runs skimage on them. Skipped, saying why, without
 * python3 or skimage.
 */
class CadMetricsSkimageTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Path SCRIPT = Path.of("tools", "cad_reference.py");
    /** Canny maps must agree on at least this share of pixels (the last bits of exp/hypot may differ). */
    private static final double CANNY_AGREEMENT = 0.995;

    @TempDir
    static Path tmp;

    private static Map<String, FloatImage[]> cases;
    private static JsonNode skimage;

    @BeforeAll
    static void runSkimage() throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(PYTHON), "skipped: no " + PYTHON);
        assumeTrue(
                exec(PYTHON.toString(), "-c", "import skimage, scipy") == 0,
                "skipped: " + PYTHON + " cannot import skimage/scipy (Debian: python3-skimage)");
        cases = phantoms();
        ArrayNode list = new ObjectMapper().createArrayNode();
        for (Map.Entry<String, FloatImage[]> c : cases.entrySet()) {
            FloatImage ref = c.getValue()[0];
            list.addObject()
                    .put("name", c.getKey())
                    .put("width", ref.width())
                    .put("height", ref.height())
                    .put("channels", ref.channels());
            write(ref, tmp.resolve(c.getKey() + ".ref.f64"));
            write(c.getValue()[1], tmp.resolve(c.getKey() + ".test.f64"));
        }
        new ObjectMapper().writeValue(tmp.resolve("cases.json").toFile(), list);
        CannyParameters p = CannyParameters.EVALUATION;
        Path json = tmp.resolve("skimage.json");
        Process proc = new ProcessBuilder(
                        PYTHON.toString(),
                        SCRIPT.toString(),
                        tmp.toString(),
                        Double.toString(p.sigma()),
                        Double.toString(p.lowQuantile()),
                        Double.toString(p.highQuantile()))
                .redirectOutput(json.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        assertTrue(proc.waitFor(120, TimeUnit.SECONDS), "cad_reference.py did not finish in 120 s");
        assertEquals(0, proc.exitValue(), "cad_reference.py failed");
        skimage = new ObjectMapper().readTree(json.toFile()).get("cases");
    }

    @Test
    void otsu_agreesWithSkimageWithinOneBin_andDiceWhereThresholdsAgree() {
        int exact = 0;
        for (Map.Entry<String, FloatImage[]> c : cases.entrySet()) {
            JsonNode s = skimage.get(c.getKey());
            GreyPlane ref = GreyPlane.of(c.getValue()[0]);
            GreyPlane test = GreyPlane.of(c.getValue()[1]);
            double tRef = OtsuThreshold.of(ref);
            double tTest = OtsuThreshold.of(test);
            assertEquals(
                    s.get("otsuReference").asDouble(),
                    tRef,
                    s.get("otsuBinWidthReference").asDouble(),
                    c.getKey() + " reference threshold");
            assertEquals(
                    s.get("otsuTest").asDouble(),
                    tTest,
                    s.get("otsuBinWidthTest").asDouble(),
                    c.getKey() + " test threshold");
            if (tRef == s.get("otsuReference").asDouble()
                    && tTest == s.get("otsuTest").asDouble()) {
                exact++;
                double dice = MaskAgreement.dice(CadAgreement.otsuMask(ref), CadAgreement.otsuMask(test));
                assertEquals(s.get("dice").asDouble(), dice, 1e-9, c.getKey() + " Dice");
                assertEquals(
                        dice,
                        CadAgreement.measure(c.getValue()[0], c.getValue()[1]).dice(),
                        0.0,
                        c.getKey() + " Dice through CadAgreement");
            }
        }
        // the grey cases see the same float64 samples as skimage: their thresholds are the same bin centre
        assertTrue(exact >= cases.size() - 1, exact + " of " + cases.size() + " cases with identical thresholds");
    }

    @Test
    void canny_agreesWithSkimageOnAtLeast995Permille_andEdgeF1WhereMapsAgree() {
        StringBuilder report = new StringBuilder();
        for (Map.Entry<String, FloatImage[]> c : cases.entrySet()) {
            JsonNode s = skimage.get(c.getKey());
            GreyPlane ref = GreyPlane.of(c.getValue()[0]);
            GreyPlane test = GreyPlane.of(c.getValue()[1]);
            boolean[] eRef = CannyEdges.detect(ref, CannyParameters.EVALUATION);
            boolean[] eTest = CannyEdges.detect(test, CannyParameters.EVALUATION);
            int differRef = differences(eRef, s.get("cannyReference").asText());
            int differTest = differences(eTest, s.get("cannyTest").asText());
            int n = eRef.length;
            report.append(String.format(
                    Locale.ROOT,
                    "%s: %d + %d of %d pixels differ, %d + %d edge pixels%n",
                    c.getKey(),
                    differRef,
                    differTest,
                    n,
                    count(eRef),
                    count(eTest)));
            assertTrue(count(eRef) > 0 || c.getKey().startsWith("constant"), c.getKey() + ": no edges at all");
            assertTrue(1.0 - (double) differRef / n >= CANNY_AGREEMENT, report.toString());
            assertTrue(1.0 - (double) differTest / n >= CANNY_AGREEMENT, report.toString());
            if (differRef == 0 && differTest == 0) {
                assertEquals(
                        s.get("edgeF1").asDouble(),
                        MaskAgreement.edgeF1(eRef, eTest, ref.width(), ref.height()),
                        1e-12,
                        c.getKey() + " F1");
            }
        }
        System.out.print(report);
    }

    @Test
    void cadAgreement_strongerBlurLowersBoth_identityIsOne() {
        // two grey levels: Otsu separates them whatever the blur (with more levels it may jump between modes)
        FloatImage sharp = twoLevels(128, 160);
        CadAgreement same = CadAgreement.measure(sharp, sharp);
        assertEquals(1.0, same.dice());
        assertEquals(1.0, same.edgeF1());
        CadAgreement light = CadAgreement.measure(sharp, Blur.convolve(sharp, BlurKernel.motion(7, 20)));
        CadAgreement strong = CadAgreement.measure(sharp, Blur.convolve(sharp, BlurKernel.motion(25, 20)));
        assertTrue(strong.edgeF1() < light.edgeF1(), light + " then " + strong);
        assertTrue(strong.dice() < light.dice() && light.dice() < 1, light + " then " + strong);
    }

    /** Bright ellipses and a thin bar on a dark background. */
    private static FloatImage twoLevels(int height, int width) {
        FloatImage img = FloatImage.zeros(width, height, 1);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double u = 2.0 * (x + 0.5) / width - 1;
                double v = 2.0 * (y + 0.5) / height - 1;
                boolean on = (u + 0.3) * (u + 0.3) / 0.16 + v * v / 0.36 <= 1
                        || (u - 0.45) * (u - 0.45) + (v + 0.2) * (v + 0.2) <= 0.04
                        || Math.abs(v - 0.7) < 0.04 && Math.abs(u) < 0.6;
                img.set(x, y, 0, on ? 0.8f : 0.15f);
            }
        }
        return img;
    }

    private static int differences(boolean[] java, String packedHex) {
        byte[] packed = HexFormat.of().parseHex(packedHex);
        int d = 0;
        for (int i = 0; i < java.length; i++) {
            boolean s = (packed[i >> 3] >> (7 - (i & 7)) & 1) == 1;
            if (s != java[i]) {
                d++;
            }
        }
        return d;
    }

    private static int count(boolean[] m) {
        int n = 0;
        for (boolean b : m) {
            n += b ? 1 : 0;
        }
        return n;
    }

    /** Reference and test image of each case: sharp phantoms against blurred, noisy or recoloured versions. */
    private static Map<String, FloatImage[]> phantoms() {
        Map<String, FloatImage[]> c = new LinkedHashMap<>();
        FloatImage shepp = sheppLogan(160, 128);
        c.put("shepp-logan-motion15", new FloatImage[] {shepp, Blur.convolve(shepp, BlurKernel.motion(15, 30))});
        c.put("shepp-logan-gaussian2-noise", new FloatImage[] {
            shepp, noisy(Blur.convolve(shepp, BlurKernel.gaussian(2)), 0.01, 7)
        });
        FloatImage odd = sheppLogan(97, 131);
        c.put("odd-size-motion9", new FloatImage[] {odd, Blur.convolve(odd, BlurKernel.motion(9, -40))});
        FloatImage smooth = smoothBlobs(120, 150, 3);
        c.put("smooth-blobs-noise", new FloatImage[] {smooth, noisy(smooth, 0.02, 11)});
        FloatImage rgb = colourLesion(110, 140);
        c.put("rgb-lesion-motion11", new FloatImage[] {rgb, Blur.convolve(rgb, BlurKernel.motion(11, 10))});
        FloatImage constant = FloatImage.zeros(40, 30, 1);
        Arrays.fill(constant.data(), 0.25f);
        c.put("constant-vs-shepp", new FloatImage[] {constant, sheppLogan(30, 40)});
        return c;
    }

    /** Modified Shepp-Logan head phantom (point-sampled, hard edges), values in [0, 1]. */
    static FloatImage sheppLogan(int height, int width) {
        double[][] ellipses = {
            {1.0, 0.69, 0.92, 0.0, 0.0, 0}, {-0.8, 0.6624, 0.874, 0.0, -0.0184, 0},
            {-0.2, 0.11, 0.31, 0.22, 0.0, -18}, {-0.2, 0.16, 0.41, -0.22, 0.0, 18},
            {0.1, 0.21, 0.25, 0.0, 0.35, 0}, {0.1, 0.046, 0.046, 0.0, 0.1, 0},
            {0.1, 0.046, 0.046, 0.0, -0.1, 0}, {0.1, 0.046, 0.023, -0.08, -0.605, 0},
            {0.1, 0.023, 0.023, 0.0, -0.606, 0}, {0.1, 0.023, 0.046, 0.06, -0.605, 0}
        };
        FloatImage img = FloatImage.zeros(width, height, 1);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double u = 2.0 * (x + 0.5) / width - 1;
                double v = 1 - 2.0 * (y + 0.5) / height;
                double value = 0;
                for (double[] e : ellipses) {
                    double t = Math.toRadians(e[5]);
                    double du = u - e[3];
                    double dv = v - e[4];
                    double a = (du * Math.cos(t) + dv * Math.sin(t)) / e[1];
                    double b = (-du * Math.sin(t) + dv * Math.cos(t)) / e[2];
                    if (a * a + b * b <= 1) {
                        value += e[0];
                    }
                }
                img.set(x, y, 0, (float) Math.max(0, Math.min(1, value)));
            }
        }
        return img;
    }

    /** Sums of soft Gaussian blobs: no hard edges, like microscopy nuclei. */
    private static FloatImage smoothBlobs(int height, int width, long seed) {
        Random r = new Random(seed);
        double[][] blobs = new double[9][];
        for (int i = 0; i < blobs.length; i++) {
            blobs[i] = new double[] {
                r.nextDouble() * width, r.nextDouble() * height, 4 + 10 * r.nextDouble(), 0.3 + 0.7 * r.nextDouble()
            };
        }
        FloatImage img = FloatImage.zeros(width, height, 1);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double v = 0.05;
                for (double[] b : blobs) {
                    double d2 = (x - b[0]) * (x - b[0]) + (y - b[1]) * (y - b[1]);
                    v += b[3] * Math.exp(-d2 / (2 * b[2] * b[2]));
                }
                img.set(x, y, 0, (float) Math.min(1, v));
            }
        }
        return img;
    }

    /** A brown lesion with a darker core on skin-coloured background, RGB. */
    private static FloatImage colourLesion(int height, int width) {
        FloatImage img = FloatImage.zeros(width, height, 3);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double u = (x - width * 0.45) / (width * 0.3);
                double v = (y - height * 0.55) / (height * 0.3);
                double d = u * u + v * v;
                float[] rgb = d < 0.15
                        ? new float[] {0.35f, 0.2f, 0.15f}
                        : d < 1 ? new float[] {0.6f, 0.4f, 0.3f} : new float[] {0.9f, 0.75f, 0.65f};
                for (int k = 0; k < 3; k++) {
                    img.set(x, y, k, rgb[k] * (float) (0.9 + 0.1 * x / width));
                }
            }
        }
        return img;
    }

    private static FloatImage noisy(FloatImage image, double sigma, long seed) {
        Random r = new Random(seed);
        float[] d = image.data().clone();
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) Math.max(0, Math.min(1, d[i] + sigma * r.nextGaussian()));
        }
        return new FloatImage(image.width(), image.height(), image.channels(), d);
    }

    private static void write(FloatImage image, Path file) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8 * image.data().length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : image.data()) {
            b.putDouble(v);
        }
        Files.write(file, b.array());
    }

    private static int exec(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(60, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }
}
