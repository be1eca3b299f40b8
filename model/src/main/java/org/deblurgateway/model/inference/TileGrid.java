package org.deblurgateway.model.inference;

import java.util.Arrays;

/**
 * Tiles along one image axis: where each tile starts in the padded axis, and how much each position weighs
 * when overlapping tiles are blended.
 *
 * <p>The padded axis is the frame axis, reflected at its end up to a multiple of the network's size multiple; the
 * frame starts at position 0. No context is padded around the frame: the network saw true image borders in
 * training, and reflected context measurably lowered its output (README "Model quality", tiling note). When the
 * padded axis fits in one tile, the tile is the whole padded axis; otherwise the fewest tiles of at most
 * {@code tile} pixels, all of one length (a multiple of the size multiple), overlapping by at least
 * {@code overlap}; the last one ends exactly at the padded end.
 *
 * @param length       frame pixels along the axis
 * @param paddedLength padded axis length (a multiple of the size multiple)
 * @param tileLength   tile length along this axis (a multiple of the size multiple)
 * @param starts       tile start positions in padded (= frame) coordinates, ascending
 * @param overlap      blending ramp length
 */
record TileGrid(int length, int paddedLength, int tileLength, int[] starts, int overlap) {

    static TileGrid of(int length, int tile, int overlap, int multiple) {
        int padded = roundUp(length, multiple);
        int t = Math.max(multiple, tile / multiple * multiple);
        if (padded <= t) {
            return new TileGrid(length, padded, padded, new int[] {0}, overlap);
        }
        // As few tiles as tiles of at most t allow, then balanced: a 544-pixel axis takes two 288-pixel tiles,
        // not two of 512 (which would run the network on 1.9x the pixels).
        int n = ceilDiv(padded - overlap, t - overlap);
        int len = Math.min(t, roundUp(ceilDiv(padded + (n - 1) * overlap, n), multiple));
        int stride = len - overlap;
        int[] starts = new int[n];
        int count = 0;
        for (int i = 0; i < n; i++) {
            int s = Math.min(i * stride, padded - len);
            if (count == 0 || s > starts[count - 1]) {
                starts[count++] = s;
            }
        }
        return new TileGrid(length, padded, len, Arrays.copyOf(starts, count), overlap);
    }

    /** Frame index (reflect, no edge repeat, any distance) for each padded position. */
    int[] sourceIndex() {
        int[] idx = new int[paddedLength];
        for (int p = 0; p < paddedLength; p++) {
            idx[p] = reflect(p, length);
        }
        return idx;
    }

    /**
     * Blend weight for each position of tile {@code i}: a raised-cosine ramp over {@code overlap} pixels on sides
     * that meet another tile, 1 elsewhere. Ramps of two neighbours overlapping by exactly {@code overlap} sum to 1;
     * the final division by the summed weights handles larger overlaps. Never 0, so every pixel is covered.
     */
    float[] weights(int i) {
        float[] w = new float[tileLength];
        Arrays.fill(w, 1f);
        if (overlap == 0) {
            return w;
        }
        boolean rampStart = starts[i] > 0;
        boolean rampEnd = starts[i] + tileLength < paddedLength;
        for (int k = 0; k < Math.min(overlap, tileLength); k++) {
            float r = (float) (0.5 - 0.5 * Math.cos(Math.PI * (k + 0.5) / overlap));
            if (rampStart) {
                w[k] = Math.min(w[k], r);
            }
            if (rampEnd) {
                w[tileLength - 1 - k] = Math.min(w[tileLength - 1 - k], r);
            }
        }
        return w;
    }

    static int reflect(int i, int n) {
        if (n == 1) {
            return 0;
        }
        int period = 2 * (n - 1);
        int r = Math.floorMod(i, period);
        return r < n ? r : period - r;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    private static int roundUp(int v, int m) {
        return (v + m - 1) / m * m;
    }
}
