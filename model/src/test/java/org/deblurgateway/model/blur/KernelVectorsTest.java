package org.deblurgateway.model.blur;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Java blur against the Python reference: {@code blur/kernel-vectors.json}, written by
 * {@code python3 -m deblurnet.vectors} in model/python (format in model/python/README.md).
 */
class KernelVectorsTest {

    private static final String RESOURCE = "/blur/kernel-vectors.json";

    @TestFactory
    List<DynamicTest> protocolDraw_pythonVectors_matchTo1e12() throws IOException {
        JsonNode cases = load();
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : cases) {
            String label = c.get("protocol").asText() + "|" + c.get("seed").asLong() + "|"
                    + c.get("name").asText();
            tests.add(DynamicTest.dynamicTest(label, () -> check(c)));
        }
        assertTrue(tests.size() >= 4, "expected several kernel vectors, found " + tests.size());
        return tests;
    }

    private static void check(JsonNode c) {
        BlurProtocol protocol = BlurProtocol.fromId(c.get("protocol").asText());
        long seed = c.get("seed").asLong();
        String name = c.get("name").asText();

        SplitMix64 initial = SplitMix64.forImage(protocol.id(), seed, name);
        assertEquals(c.get("state0").asText(), Long.toUnsignedString(initial.state()), "SplitMix64 initial state");

        ProtocolDraw draw = protocol.draw(seed, name);
        BlurKernel kernel = draw.kernel();
        if (protocol == BlurProtocol.MOTION) {
            assertEquals(c.get("L").asInt(), kernel.parameters().get("L").intValue(), "L");
            assertEquals(c.get("angle").asDouble(), kernel.parameters().get("angle"), 1e-12, "angle");
        } else {
            assertEquals(c.get("sigma").asDouble(), kernel.parameters().get("sigma"), 1e-12, "sigma");
        }
        JsonNode k = c.get("kernel");
        assertEquals(k.size(), kernel.height(), "kernel rows");
        assertEquals(k.get(0).size(), kernel.width(), "kernel columns");
        for (int i = 0; i < kernel.height(); i++) {
            for (int j = 0; j < kernel.width(); j++) {
                assertEquals(k.get(i).get(j).asDouble(), kernel.weight(i, j), 1e-12, "kernel[" + i + "][" + j + "]");
            }
        }

        SplitMix64 stream = draw.noiseStream();
        if (c.has("first_uniforms")) {
            for (JsonNode u : c.get("first_uniforms")) {
                assertEquals(u.asDouble(), stream.uniform(), 1e-12, "uniform after the kernel draws");
            }
        }
        if (c.has("image")) {
            checkImage(c, kernel, stream);
        }
    }

    private static void checkImage(JsonNode c, BlurKernel kernel, SplitMix64 stream) {
        JsonNode image = c.get("image");
        int h = image.size();
        int w = image.get(0).size();
        int ch = image.get(0).get(0).isArray() ? image.get(0).get(0).size() : 1;
        double[] sharp = flatten(image, w, h, ch);

        double[] blurred = Blur.convolve(sharp, w, h, ch, kernel);
        assertClose(flatten(c.get("blurred"), w, h, ch), blurred, 1e-9, "noise-free blur");

        SplitMix64 noise = stream.skipped(0);
        JsonNode first = c.get("noise_first10");
        for (int i = 0; i < first.size(); i++) {
            assertEquals(first.get(i).asDouble(), noise.gaussian(Blur.NOISE_SIGMA), 1e-12, "noise[" + i + "]");
        }

        Blur.addNoiseAndClip(blurred, stream, Blur.NOISE_SIGMA);
        assertClose(flatten(c.get("blurred_noisy"), w, h, ch), blurred, 1e-9, "blur + noise + clip");
    }

    private static double[] flatten(JsonNode rows, int w, int h, int ch) {
        double[] out = new double[w * h * ch];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                JsonNode px = rows.get(y).get(x);
                for (int k = 0; k < ch; k++) {
                    out[(y * w + x) * ch + k] =
                            ch == 1 ? px.asDouble() : px.get(k).asDouble();
                }
            }
        }
        return out;
    }

    private static void assertClose(double[] expected, double[] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what + ": sample count");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tol, what + " at sample " + i);
        }
    }

    private static JsonNode load() throws IOException {
        try (InputStream in = KernelVectorsTest.class.getResourceAsStream(RESOURCE)) {
            assertNotNull(
                    in,
                    "missing test resource model/src/test/resources" + RESOURCE
                            + ": generate it with `cd model/python && python3 -m deblurnet.vectors` (written by the Python side)");
            JsonNode root = new ObjectMapper().readTree(in);
            assertTrue(root.isArray(), RESOURCE + " must be a JSON list of cases");
            return root;
        }
    }
}
