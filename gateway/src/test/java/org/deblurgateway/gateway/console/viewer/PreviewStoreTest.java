package org.deblurgateway.gateway.console.viewer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.deblurgateway.dicom.pixels.PixelDecoder;
import org.deblurgateway.model.image.Frame;
import org.deblurgateway.model.metrics.BlurEffect;
import org.deblurgateway.testsupport.SyntheticSources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's preview store on real objects: decode, what it keeps, the retention bounds, bad input. */
class PreviewStoreTest {

    @TempDir
    Path dir;

    private PixelDecoder decoder() {
        return PreviewPairs.decoder(dir.resolve("scratch"));
    }

    @Test
    void put_monochrome1Cr_keepsBothFramesAsStoredWithScoresAndWindow() throws Exception {
        PixelDecoder decoder = decoder();
        PreviewPairs.Pair pair = PreviewPairs.write(dir.resolve("cr"), SyntheticSources.CR_MONO1_16, decoder);
        PreviewStore store = new PreviewStore(dir.resolve("previews"), decoder, 10, 1 << 30, 4);

        Preview preview = store.put(
                        pair.derived().sopInstanceUid(),
                        "2.25.1",
                        "rdsam-lite",
                        pair.source(),
                        pair.derived().file(),
                        0.5,
                        0.4)
                .orElseThrow();

        Frame original = pair.sourceImage().frames().frame(0);
        assertEquals(64, preview.width());
        assertEquals(48, preview.height());
        assertEquals("MONOCHROME1", preview.photometric());
        assertEquals(12, preview.bitsStored());
        assertEquals(1, preview.frames().size());
        assertEquals(0.5, preview.blurScoreIn());
        assertArrayEquals(
                original.samples(),
                samples(store, pair.derived().sopInstanceUid(), 0, PreviewStore.Side.ORIGINAL, false));
        assertArrayEquals(
                PreviewPairs.plusOne(original).samples(),
                samples(store, pair.derived().sopInstanceUid(), 0, PreviewStore.Side.DERIVED, false));
        PreviewFrame frame = preview.frames().get(0);
        assertEquals(BlurEffect.of(original), frame.blurScoreIn(), 1e-12);
        assertEquals(BlurEffect.of(PreviewPairs.plusOne(original)), frame.blurScoreOut(), 1e-12);
        assertTrue(
                frame.windowWidth() >= 1 && frame.windowCentre() >= 0 && frame.windowCentre() <= 4095,
                frame.toString());
        // Read back as stored.
        assertEquals(
                preview.frames(),
                store.get(pair.derived().sopInstanceUid()).orElseThrow().frames());
        assertFalse(Files.exists(dir.resolve("previews").resolve(".part-")), "no work folder left");
    }

    @Test
    void put_signedCt_samplesKeepTheirSign() throws Exception {
        PixelDecoder decoder = decoder();
        PreviewPairs.Pair pair = PreviewPairs.write(dir.resolve("ct"), SyntheticSources.CT_SIGNED_16, decoder);
        PreviewStore store = new PreviewStore(dir.resolve("previews"), decoder, 10, 1 << 30, 4);
        Preview preview = store.put(
                        pair.derived().sopInstanceUid(),
                        "2.25.1",
                        "m",
                        pair.source(),
                        pair.derived().file(),
                        Double.NaN,
                        Double.NaN)
                .orElseThrow();
        assertTrue(preview.signed());
        assertArrayEquals(
                pair.sourceImage().frames().frame(0).samples(),
                samples(store, pair.derived().sopInstanceUid(), 0, PreviewStore.Side.ORIGINAL, true));
        assertEquals("not known", preview.blurScoreInText());
    }

    @Test
    void put_multiFrame_keepsTheFirstMaxFrames() throws Exception {
        PixelDecoder decoder = decoder();
        PreviewPairs.Pair pair = PreviewPairs.write(dir.resolve("mf"), SyntheticSources.SC_MULTIFRAME_16, decoder);
        PreviewStore store = new PreviewStore(dir.resolve("previews"), decoder, 10, 1 << 30, 3);
        Preview preview = store.put(
                        pair.derived().sopInstanceUid(),
                        "2.25.1",
                        "m",
                        pair.source(),
                        pair.derived().file(),
                        0.5,
                        0.4)
                .orElseThrow();
        assertEquals(5, preview.frameCount());
        assertEquals(3, preview.frames().size());
        assertArrayEquals(
                pair.sourceImage().frames().frame(2).samples(),
                samples(store, pair.derived().sopInstanceUid(), 2, PreviewStore.Side.ORIGINAL, false));
        assertTrue(store.frameFile(pair.derived().sopInstanceUid(), 3, PreviewStore.Side.ORIGINAL)
                .isEmpty());
    }

    @Test
    void retention_count_removesTheOldest() throws Exception {
        PixelDecoder decoder = decoder();
        PreviewPairs.Pair pair = PreviewPairs.write(dir.resolve("dx"), SyntheticSources.DX_MONO2_16, decoder);
        PreviewStore store = new PreviewStore(dir.resolve("previews"), decoder, 3, 1 << 30, 1);
        for (int i = 1; i <= 5; i++) {
            store.put(
                            "2.25.77." + i,
                            "2.25.1",
                            "m",
                            pair.source(),
                            pair.derived().file(),
                            0.5,
                            0.4)
                    .orElseThrow();
            Thread.sleep(5); // distinct creation times
        }
        assertEquals(3, store.count());
        assertTrue(store.get("2.25.77.1").isEmpty());
        assertTrue(store.get("2.25.77.2").isEmpty());
        assertTrue(store.get("2.25.77.5").isPresent());
    }

    @Test
    void retention_bytes_keepsWhatFits() throws Exception {
        PixelDecoder decoder = decoder();
        PreviewPairs.Pair pair = PreviewPairs.write(dir.resolve("dx"), SyntheticSources.DX_MONO2_16, decoder);
        PreviewStore probe = new PreviewStore(dir.resolve("probe"), decoder, 10, 1 << 30, 1);
        probe.put("2.25.1", "2.25.1", "m", pair.source(), pair.derived().file(), 0.5, 0.4)
                .orElseThrow();
        long one = probe.bytes();

        PreviewStore store = new PreviewStore(dir.resolve("previews"), decoder, 100, 2 * one + one / 2, 1);
        for (int i = 1; i <= 4; i++) {
            store.put(
                            "2.25.88." + i,
                            "2.25.1",
                            "m",
                            pair.source(),
                            pair.derived().file(),
                            0.5,
                            0.4)
                    .orElseThrow();
            Thread.sleep(5);
        }
        assertEquals(2, store.count());
        assertTrue(store.bytes() <= 2 * one + one / 2);
        assertTrue(store.get("2.25.88.4").isPresent() && store.get("2.25.88.3").isPresent());
    }

    @Test
    void put_notAnImage_nothingKept() throws Exception {
        PixelDecoder decoder = decoder();
        PreviewPairs.Pair pair = PreviewPairs.write(dir.resolve("dx"), SyntheticSources.DX_MONO2_16, decoder);
        Path garbage = Files.writeString(dir.resolve("garbage.dcm"), "not DICOM at all");
        PreviewStore store = new PreviewStore(dir.resolve("previews"), decoder, 10, 1 << 30, 1);
        assertEquals(Optional.empty(), store.put("2.25.9", "2.25.1", "m", pair.source(), garbage, 0.5, 0.4));
        assertEquals(0, store.count());
        if (Files.exists(dir.resolve("previews"))) {
            try (Stream<Path> left = Files.list(dir.resolve("previews"))) {
                assertEquals(List.of(), left.toList(), "no work folder left");
            }
        }
    }

    @Test
    void get_namesThatAreNotUids_nothing() throws Exception {
        PreviewStore store = new PreviewStore(dir.resolve("previews"), decoder(), 10, 1 << 30, 1);
        assertTrue(store.get("../../etc").isEmpty());
        assertTrue(store.frameFile("..", 0, PreviewStore.Side.ORIGINAL).isEmpty());
    }

    static int[] samples(PreviewStore store, String uid, int index, PreviewStore.Side side, boolean signed)
            throws IOException {
        Path file = store.frameFile(uid, index, side).orElseThrow();
        byte[] bytes;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            bytes = in.readAllBytes();
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int[] samples = new int[bytes.length / 2];
        for (int i = 0; i < samples.length; i++) {
            short s = buffer.getShort();
            samples[i] = signed ? s : s & 0xFFFF;
        }
        return samples;
    }
}
