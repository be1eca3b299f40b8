package org.deblurgateway.model.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.deblurgateway.model.image.Frame;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deblurrer on TorchScript fixtures written at test time: an identity network and a tiny conv net. */
class DeblurrerTest {

    /** Small tiles so that modest frames exercise multi-tile blending and partial last batches. */
    private static final InferenceOptions SMALL_TILES =
            InferenceOptions.defaults().withTiling(48, 16).withBatchSize(3);

    private static Path weights;
    private static Deblurrer identity;
    private static Deblurrer identityTiled;
    private static Deblurrer tiny;

    @BeforeAll
    static void loadFixtures() throws IOException {
        assumeTrue(TorchScriptFixtures.weightsDir().isPresent(), TorchScriptFixtures.whyMissing());
        weights = TorchScriptFixtures.weightsDir().get();
        identity = Deblurrer.load(weights.resolve("identity"), InferenceOptions.defaults());
        identityTiled = Deblurrer.load(weights.resolve("identity"), SMALL_TILES);
        tiny = Deblurrer.load(weights.resolve("tiny"), SMALL_TILES);
    }

    @AfterAll
    static void close() {
        for (Deblurrer d : new Deblurrer[] {identity, identityTiled, tiny}) {
            if (d != null) {
                d.close();
            }
        }
    }

    static Frame random(int w, int h, int channels, int bits, boolean signed, long seed) {
        Frame type = new Frame(1, 1, 1, bits, signed, new int[1]);
        Random r = new Random(seed);
        int[] s = new int[w * h * channels];
        for (int i = 0; i < s.length; i++) {
            s[i] = type.minValue() + r.nextInt(type.maxValue() - type.minValue() + 1);
        }
        return new Frame(w, h, channels, bits, signed, s);
    }

    @Test
    void deblur_identityNetwork8BitRgb_returnsInputExactly() {
        for (int[] size : new int[][] {{37, 53}, {1, 7}, {2, 1}, {1, 1}, {300, 200}}) {
            Frame in = random(size[0], size[1], 3, 8, false, size[0] * 31L + size[1]);
            assertArrayEquals(in.samples(), identity.deblur(in).samples(), "one tile " + size[0] + "x" + size[1]);
            assertArrayEquals(in.samples(), identityTiled.deblur(in).samples(), "tiled " + size[0] + "x" + size[1]);
        }
    }

    @Test
    void deblur_identityNetworkGrey_returnsInputExactly() {
        for (int[] type : new int[][] {{8, 0}, {8, 1}, {12, 0}, {16, 0}, {16, 1}}) {
            Frame in = random(131, 77, 1, type[0], type[1] == 1, type[0] + type[1]);
            Frame out = identityTiled.deblur(in);
            assertArrayEquals(in.samples(), out.samples(), "bits " + type[0] + " signed " + type[1]);
        }
    }

    @Test
    void deblur_tinyNetworkAnyType_keepsSizeAndType() {
        Object[][] cases = {
            {37, 53, 1, 16, false}, {37, 53, 1, 16, true}, {53, 37, 3, 8, false},
            {1, 9, 1, 8, false}, {5, 3, 3, 8, false}, {150, 97, 1, 12, false}
        };
        for (Object[] c : cases) {
            Frame in = random((int) c[0], (int) c[1], (int) c[2], (int) c[3], (boolean) c[4], 7);
            Frame out = tiny.deblur(in);
            String what = Arrays.toString(c);
            assertEquals(in.width(), out.width(), what);
            assertEquals(in.height(), out.height(), what);
            assertEquals(in.channels(), out.channels(), what);
            assertEquals(in.bitsStored(), out.bitsStored(), what);
            assertEquals(in.signed(), out.signed(), what);
            for (int v : out.samples()) {
                assertTrue(v >= in.minValue() && v <= in.maxValue(), what + " value " + v);
            }
        }
    }

    @Test
    void deblur_tinyNetworkTwice_identicalOutput() {
        Frame in = random(211, 143, 3, 8, false, 3);
        Frame a = tiny.deblur(in);
        Frame b = tiny.deblur(in);
        assertArrayEquals(a.samples(), b.samples());
        assertFalse(Arrays.equals(in.samples(), a.samples()), "the tiny network changes pixels");
    }

    @Test
    void deblur_twoThreadsAtOnce_eachGetsItsOwnPredictor_sameResultsAsOneAtATime() throws Exception {
        // Frame workers of one process share one Deblurrer: concurrent calls must neither queue on one predictor
        // nor disturb each other's tiles (same machine, same shapes: results identical to sequential calls).
        Frame a = random(400, 300, 1, 12, false, 21);
        Frame b = random(300, 400, 3, 8, false, 22);
        try (Deblurrer shared = Deblurrer.load(weights.resolve("tiny"), SMALL_TILES)) {
            int[] expectedA = shared.deblur(a).samples();
            int[] expectedB = shared.deblur(b).samples();
            assertEquals(1, shared.predictorCount(), "sequential calls reuse one predictor");
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                for (int round = 0; round < 5 && shared.predictorCount() < 2; round++) {
                    CyclicBarrier start = new CyclicBarrier(2);
                    Future<int[]> fa = pool.submit(() -> {
                        start.await();
                        return shared.deblur(a).samples();
                    });
                    Future<int[]> fb = pool.submit(() -> {
                        start.await();
                        return shared.deblur(b).samples();
                    });
                    assertArrayEquals(expectedA, fa.get(60, TimeUnit.SECONDS), "frame a, concurrent");
                    assertArrayEquals(expectedB, fb.get(60, TimeUnit.SECONDS), "frame b, concurrent");
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(2, shared.predictorCount(), "two calls in flight at once ran on two predictors");
        }
    }

    @Test
    void deblur_afterClose_failsClearly() throws IOException {
        Deblurrer d = Deblurrer.load(weights.resolve("identity"), InferenceOptions.defaults());
        d.close();
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> d.deblur(random(4, 4, 1, 8, false, 1)));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    @Test
    void deblur_tiledVersusOneTile_blendsWithoutSeams() throws IOException {
        // A smooth gradient through the tiny (non-identity, local) network: tiled and single-tile results
        // must agree closely everywhere; a seam or a missed blend weight would show as a large local error.
        int w = 160;
        int h = 120;
        int[] s = new int[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                s[y * w + x] = (x * 255) / w / 2 + (y * 255) / h / 2;
            }
        }
        Frame in = new Frame(w, h, 1, 8, false, s);
        try (Deblurrer whole = Deblurrer.load(weights.resolve("tiny"), InferenceOptions.defaults())) {
            int[] a = whole.deblur(in).samples();
            int[] b = tiny.deblur(in).samples();
            int worst = 0;
            for (int i = 0; i < a.length; i++) {
                worst = Math.max(worst, Math.abs(a[i] - b[i]));
            }
            assertTrue(worst <= 2, "tiled result differs from single tile by up to " + worst);
        }
    }

    @Test
    void deblur_bf16Weights_runsAndKeepsIdentity() throws IOException {
        try (Deblurrer bf16 = Deblurrer.load(
                weights.resolve("identity"), SMALL_TILES.withPrecision(InferenceOptions.Precision.BF16))) {
            Frame in = random(40, 30, 3, 8, false, 11);
            Frame out = bf16.deblur(in);
            // bfloat16 keeps 8 significant bits: 8-bit values survive within one step
            for (int i = 0; i < in.samples().length; i++) {
                assertTrue(Math.abs(in.samples()[i] - out.samples()[i]) <= 1, "sample " + i);
            }
        }
    }

    @Test
    void load_weightsChecksumMismatch_failsClearly(@TempDir Path tmp) throws IOException {
        Path copy = copyModel(weights.resolve("tiny"), tmp.resolve("tiny"));
        Files.write(copy.resolve("model.pt"), new byte[] {1, 2, 3}, StandardOpenOption.APPEND);
        IOException e = assertThrows(IOException.class, () -> Deblurrer.load(copy, InferenceOptions.defaults()));
        assertTrue(e.getMessage().contains("do not match model.json"), e.getMessage());
    }

    @Test
    void load_corruptTorchScriptWithMatchingChecksum_failsClearly(@TempDir Path tmp) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("broken"));
        Files.writeString(dir.resolve("model.pt"), "this is not a TorchScript archive");
        Files.writeString(
                dir.resolve("model.json"),
                "{\"id\": \"broken\", \"size_multiple\": 1, \"sha256\": {\"model.pt\": \""
                        + Deblurrer.sha256(dir.resolve("model.pt")) + "\"}}");
        IOException e = assertThrows(IOException.class, () -> Deblurrer.load(dir, InferenceOptions.defaults()));
        assertTrue(e.getMessage().contains("cannot load TorchScript"), e.getMessage());
    }

    @Test
    void load_missingBf16Weights_failsClearly(@TempDir Path tmp) throws IOException {
        Path copy = copyModel(weights.resolve("tiny"), tmp.resolve("tiny"));
        Files.delete(copy.resolve("model-bf16.pt"));
        IOException e = assertThrows(
                IOException.class,
                () -> Deblurrer.load(copy, InferenceOptions.defaults().withPrecision(InferenceOptions.Precision.BF16)));
        assertTrue(e.getMessage().contains("model-bf16.pt"), e.getMessage());
    }

    @Test
    void load_gpuWithoutGpu_failsClearly() {
        assumeTrue(DjlRuntime.engine(0).getGpuCount() == 0, "a GPU is visible: nothing to refuse");
        IOException e = assertThrows(
                IOException.class,
                () -> Deblurrer.load(
                        weights.resolve("tiny"),
                        InferenceOptions.defaults().withDevice(InferenceOptions.ComputeDevice.GPU)));
        assertTrue(e.getMessage().contains("no GPU"), e.getMessage());
    }

    @Test
    void engine_afterLoad_isOffline() {
        assertEquals("true", System.getProperty("ai.djl.offline"));
    }

    private static Path copyModel(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        for (String f : new String[] {"model.json", "model.pt", "model-bf16.pt"}) {
            Files.copy(from.resolve(f), to.resolve(f));
        }
        return to;
    }
}
