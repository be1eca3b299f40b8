package org.deblurgateway.model.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.deblurgateway.model.image.Frame;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shipped TorchScript loads offline in libtorch 2.5.1 and honours the model contract. Runs against
 * model/weights and FAILS (never skips) when a shipped model is missing: the product ships rdsam-lite, srcnn and
 * the second paper's other baselines, unet and dae (size multiple 8: the frames below need padding).
 */
class ShippedModelsTest {

    @ParameterizedTest
    @ValueSource(strings = {"rdsam-lite", "srcnn", "unet", "dae"})
    void load_shippedModelOffline_deblursFrameOfAnySize(String id) throws IOException {
        ModelCatalog catalog = ModelCatalog.locate();
        assertTrue(
                catalog.has(id),
                "shipped model missing: " + catalog.dir(id).toAbsolutePath()
                        + " has no model.json (export with python3 -m deblurnet.export)");
        for (InferenceOptions.Precision p : InferenceOptions.Precision.values()) {
            try (Deblurrer d =
                    Deblurrer.load(catalog.dir(id), InferenceOptions.defaults().withPrecision(p))) {
                assertEquals("true", System.getProperty("ai.djl.offline"));
                assertEquals(id, d.card().id());
                Frame in = DeblurrerTest.random(67, 45, 1, 16, true, 5);
                Frame out = d.deblur(in);
                assertEquals(67, out.width());
                assertEquals(45, out.height());
                assertEquals(16, out.bitsStored());
                assertTrue(out.signed());
                Frame rgb = d.deblur(DeblurrerTest.random(33, 21, 3, 8, false, 6));
                assertEquals(3, rgb.channels());
            }
        }
    }
}
