package org.deblurgateway.model.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.deblurgateway.model.image.FloatImage;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Java metrics against scikit-image 0.19: {@code metrics/vectors.json}, written by
 * {@code /usr/bin/python3 model/tools/make_metric_vectors.py}.
 */
class MetricVectorsTest {

    /** Required agreement; observed differences are ~1e-13 (float64 summation order only). */
    private static final double TOLERANCE = 1e-9;

    @TestFactory
    List<DynamicTest> metrics_skimageVectors_agreeTo1e9() throws IOException {
        JsonNode root;
        try (InputStream in = MetricVectorsTest.class.getResourceAsStream("/metrics/vectors.json")) {
            assertNotNull(in, "missing metrics/vectors.json: run /usr/bin/python3 model/tools/make_metric_vectors.py");
            root = new ObjectMapper().readTree(in);
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : root.get("cases")) {
            tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> check(c)));
        }
        assertTrue(tests.size() >= 5, "expected at least 5 metric cases");
        return tests;
    }

    private static void check(JsonNode c) {
        FloatImage reference = image(c, "reference");
        FloatImage test = image(c, "test");
        JsonNode psnr = c.get("psnr");
        double expectedPsnr =
                psnr.isTextual() && psnr.asText().equals("inf") ? Double.POSITIVE_INFINITY : psnr.asDouble();
        ImageQuality q = ImageQuality.measure(reference, test);
        if (Double.isInfinite(expectedPsnr)) {
            assertEquals(Double.POSITIVE_INFINITY, q.psnr(), "PSNR of identical images");
        } else {
            assertEquals(expectedPsnr, q.psnr(), TOLERANCE, "PSNR");
        }
        assertEquals(c.get("ssim").asDouble(), q.ssim(), TOLERANCE, "SSIM");
        assertEquals(c.get("deltaE").asDouble(), q.deltaE(), TOLERANCE, "CIEDE2000");
    }

    /** Integer levels to the same float32 samples the generator used: (float) q / (float) scale. */
    private static FloatImage image(JsonNode c, String field) {
        int w = c.get("width").asInt();
        int h = c.get("height").asInt();
        int ch = c.get("channels").asInt();
        float scale = (float) c.get("scale").asInt();
        JsonNode levels = c.get(field);
        float[] data = new float[w * h * ch];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) levels.get(i).asInt() / scale;
        }
        return new FloatImage(w, h, ch, data);
    }
}
