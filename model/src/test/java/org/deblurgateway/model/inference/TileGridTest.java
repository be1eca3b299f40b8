package org.deblurgateway.model.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TileGridTest {

    @Test
    void reflect_indexBeyondLength_mirrorsWithoutRepeatingEdge() {
        // numpy 'reflect' of [0 1 2 3]: ... 2 1 | 0 1 2 3 | 2 1 0 1 ...
        int[] got = new int[10];
        for (int i = -3; i < 7; i++) {
            got[i + 3] = TileGrid.reflect(i, 4);
        }
        assertArrayEquals(new int[] {3, 2, 1, 0, 1, 2, 3, 2, 1, 0}, got);
        assertEquals(0, TileGrid.reflect(-17, 1));
        assertEquals(1, TileGrid.reflect(-5, 2));
    }

    @Test
    void of_axisSmallerThanTile_oneTileCoversPaddedAxis() {
        TileGrid g = TileGrid.of(37, 512, 32, 16);
        assertEquals(48, g.paddedLength()); // next multiple of 16; no context around the frame
        assertArrayEquals(new int[] {0}, g.starts());
        assertEquals(48, g.tileLength());
        int[] src = g.sourceIndex();
        assertEquals(0, src[0]); // the frame starts at position 0
        assertEquals(36, src[36]);
        assertEquals(35, src[37]); // reflected after the end, without repeating the edge
        assertEquals(25, src[47]);
    }

    @Test
    void of_longAxis_tilesCoverEveryPositionWithOverlap() {
        for (int length : new int[] {500, 1000, 1388, 3000}) {
            TileGrid g = TileGrid.of(length, 256, 32, 16);
            assertEquals(0, g.paddedLength() % 16);
            int[] cover = new int[g.paddedLength()];
            for (int s : g.starts()) {
                assertEquals(0, g.tileLength() % 16);
                for (int k = 0; k < g.tileLength(); k++) {
                    cover[s + k]++;
                }
            }
            for (int p = 0; p < cover.length; p++) {
                assertTrue(cover[p] >= 1, "position " + p + " of " + length + " uncovered");
            }
            int[] s = g.starts();
            assertEquals(g.paddedLength(), s[s.length - 1] + g.tileLength());
            for (int i = 1; i < s.length; i++) {
                assertTrue(s[i] > s[i - 1] && s[i] - s[i - 1] <= g.tileLength() - 32, "stride " + (s[i] - s[i - 1]));
            }
            assertTrue(g.tileLength() <= 256);
        }
    }

    @Test
    void of_axisJustOverOneTile_balancesTwoSmallTiles() {
        assertEquals(1, TileGrid.of(512, 512, 32, 16).starts().length, "512 fits one 512 tile");
        TileGrid g = TileGrid.of(520, 512, 32, 16); // padded 528
        assertEquals(528, g.paddedLength());
        assertEquals(288, g.tileLength());
        assertArrayEquals(new int[] {0, 240}, g.starts());
    }

    @Test
    void weights_neighboursOverlappingByRampLength_sumToOne() {
        TileGrid g = TileGrid.of(16 * 20, 128, 32, 16); // padded 320: 3 tiles of 128 at 0, 96, 192
        assertEquals(128, g.tileLength());
        assertArrayEquals(new int[] {0, 96, 192}, g.starts());
        float[] a = g.weights(0);
        float[] b = g.weights(1);
        assertEquals(1f, a[0]); // frame-edge side has no ramp
        for (int k = 0; k < 32; k++) {
            assertEquals(1.0, a[96 + k] + b[k], 1e-6);
            assertTrue(b[k] > 0);
        }
    }
}
