package org.deblurgateway.model.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FrameNormalizerTest {

    @Test
    void normalize_8BitFrame_dividesBy255() {
        FrameNormalizer.Normalized n = FrameNormalizer.normalize(new Frame(3, 1, 1, 8, false, new int[] {0, 51, 255}));
        assertEquals(0.0, n.min());
        assertEquals(255.0, n.max());
        assertArrayEquals(new float[] {0f, 0.2f, 1f}, n.image().data());
    }

    @Test
    void normalize_16BitFrame_usesOwnMinMaxAndInvertsExactly() {
        Frame f = new Frame(2, 2, 1, 16, false, new int[] {2000, 6089, 3000, 2001});
        FrameNormalizer.Normalized n = FrameNormalizer.normalize(f);
        assertEquals(2000.0, n.min());
        assertEquals(6089.0, n.max());
        assertEquals(0f, n.image().data()[0]);
        assertEquals(1f, n.image().data()[1]);
        assertArrayEquals(
                f.samples(),
                FrameNormalizer.denormalize(n.image(), n.min(), n.max(), 16, false)
                        .samples());
    }

    @Test
    void normalize_withSharpOriginalsRange_mapsRestoredOutsideRangeBeyondUnitInterval() {
        Frame restored = new Frame(2, 1, 1, 16, false, new int[] {1000, 3000});
        FloatImage n = FrameNormalizer.normalize(restored, 2000, 3000);
        assertArrayEquals(new float[] {-1f, 1f}, n.data());
    }

    @Test
    void normalize_constantDeepFrame_mapsToZeroAndBack() {
        Frame f = new Frame(2, 1, 1, 16, false, new int[] {700, 700});
        FrameNormalizer.Normalized n = FrameNormalizer.normalize(f);
        assertArrayEquals(new float[] {0f, 0f}, n.image().data());
        assertArrayEquals(
                f.samples(),
                FrameNormalizer.denormalize(n.image(), n.min(), n.max(), 16, false)
                        .samples());
    }

    @Test
    void denormalize_outOfRangeValues_clampToSampleType() {
        FloatImage img = new FloatImage(3, 1, 1, new float[] {-0.5f, 0.5f, 1.5f});
        assertArrayEquals(
                new int[] {0, 128, 255},
                FrameNormalizer.denormalize(img, 0, 255, 8, false).samples());
    }

    @Test
    void normalize_rgbFrame_keepsInterleavedChannels() {
        Frame f = new Frame(1, 1, 3, 8, false, new int[] {255, 0, 51});
        FloatImage n = FrameNormalizer.normalize(f).image();
        assertEquals(3, n.channels());
        assertArrayEquals(new float[] {1f, 0f, 0.2f}, n.data());
    }
}
