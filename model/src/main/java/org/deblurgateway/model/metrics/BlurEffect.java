package org.deblurgateway.model.metrics;

import java.util.Arrays;
import org.deblurgateway.model.image.FloatImage;
import org.deblurgateway.model.image.Frame;
import org.deblurgateway.model.image.FrameNormalizer;
import org.deblurgateway.model.image.RowParallel;

/**
 * No-reference blur score of Crete et al. (2007, "The blur effect: perception and estimation with a new
 * no-reference perceptual blur metric"): 0 = sharp, 1 = maximally blurred. Equal to scikit-image 0.19's
 * {@code blur_effect(image, h_size=11)} (RGB: {@code channel_axis=-1}, so grey by {@code rgb2gray} first).
 *
 * <p>Per axis, the image is re-blurred with an 11-sample box along that axis; {@code S} = |Sobel derivative along
 * the axis| of the image, {@code R} the same of the re-blurred image; over the pixels {@code [2, n-1)} of both
 * axes {@code M1 = sum S}, {@code M2 = sum max(0, S - R)}, the axis scores {@code (M1 - M2) / M1}: the share of
 * the image's gradient that re-blurring cannot remove any more. The score is the larger axis score. Borders as
 * scipy's {@code reflect} ({@code c b a | a b c | c b a}); the Sobel never reaches past the image inside the summed
 * region, the box does.
 *
 * <p>The score is invariant to any affine map of the samples, negation included (a MONOCHROME1 frame scores
 * as its inverted display): both sums scale alike. A frame is still normalised by {@link FrameNormalizer#rangeOf(Frame)}, the
 * model's one rule, so that its numbers are the ones skimage sees.
 *
 * <p>One difference from skimage: an axis without any gradient in the summed region (constant images, stripes
 * along the axis, frames under 4x4) is 0/0 there, NaN or the quotient of ~1e-17 rounding noises (vertical stripes
 * score 0.76). Here derivatives are differences of samples, exactly 0 on such an axis, which is left out; with no
 * axis left the score is 1.0, the limit of ever stronger blur (a constant frame has nothing left to lose).
 *
 * <p>Streams over the rows: no frame-sized buffer, a few rows per parallel block, 4 sums per image row.
 */
public final class BlurEffect {

    /** Length of the re-blurring box, skimage's {@code h_size}. */
    static final int H_SIZE = 11;

    private static final int RADIUS = H_SIZE / 2;
    /** Grey rows kept per block: at most 14 are in use at once (y-6 .. y+7 around output row y). */
    private static final int GREY_SLOTS = 16;

    private BlurEffect() {}

    /** Blur score of a frame, normalised by {@link FrameNormalizer#rangeOf(Frame)}; RGB scored on its luminance. */
    public static double of(Frame frame) {
        return of(GreyRows.of(frame));
    }

    /** Blur score of a grey (1 channel) or RGB (3 channels) image; RGB scored on its luminance. */
    public static double of(FloatImage image) {
        return of(GreyRows.of(image));
    }

    static double of(GreyRows grey) {
        double[] sums = axisSums(grey);
        double best = -1;
        for (int axis = 0; axis < 2; axis++) {
            double m1 = sums[2 * axis];
            if (Double.isNaN(m1)) {
                return Double.NaN; // NaN samples
            }
            if (m1 > 0) {
                best = Math.max(best, axisScore(m1, sums[2 * axis + 1]));
            }
        }
        return best < 0 ? 1.0 : best;
    }

    /**
     * The score of each axis, vertical (skimage's axis 0) then horizontal, as skimage's {@code reduce_func=None}
     * lists them; NaN for an axis without gradient.
     */
    static double[] axisScores(GreyRows grey) {
        double[] sums = axisSums(grey);
        double[] scores = new double[2];
        for (int axis = 0; axis < 2; axis++) {
            double m1 = sums[2 * axis];
            scores[axis] = m1 > 0 ? axisScore(m1, sums[2 * axis + 1]) : Double.NaN;
        }
        return scores;
    }

    private static double axisScore(double m1, double m2) {
        return Math.abs(m1 - m2) / m1;
    }

    /** {@code {M1, M2}} of the vertical axis (skimage's axis 0), then of the horizontal one. */
    private static double[] axisSums(GreyRows grey) {
        int w = grey.width();
        int h = grey.height();
        if (w < 4 || h < 4) {
            return new double[4];
        }
        int rows = h - 3;
        // One set of sums per image row, added in row order below: the total does not depend on the blocks.
        double[] perRow = new double[4 * rows];
        RowParallel.forRows(rows, (from, to) -> new Sweep(grey).run(from + 2, to + 2, perRow));
        double[] total = new double[4];
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < 4; k++) {
                total[k] += perRow[4 * r + k];
            }
        }
        return total;
    }

    /** scipy's {@code reflect} index: half-sample symmetric, periodic with {@code 2n} for pads wider than the image. */
    static int reflect(int i, int n) {
        if (i >= 0 && i < n) {
            return i;
        }
        int m = Math.floorMod(i, 2 * n);
        return m < n ? m : 2 * n - 1 - m;
    }

    /**
     * One block of output rows. Keeps the grey rows around the current one, the vertical box sums (11 rows, kept
     * running) of the rows above and below, and the horizontal box sums of the current row and its neighbours.
     */
    private static final class Sweep {

        private final GreyRows grey;
        private final int w;
        private final int h;
        private final RowCache greyRows;
        private final RowCache boxRows;
        private final double[][] columnSums;
        private final int[] padIndex;
        private final double[] padded;

        Sweep(GreyRows grey) {
            this.grey = grey;
            this.w = grey.width();
            this.h = grey.height();
            this.greyRows = new RowCache(GREY_SLOTS, w, (r, row) -> grey.read(reflect(r, h), row));
            this.boxRows = new RowCache(4, w, this::horizontalBox);
            this.columnSums = new double[3][w];
            this.padIndex = new int[w + 2 * RADIUS];
            for (int i = 0; i < padIndex.length; i++) {
                padIndex[i] = reflect(i - RADIUS, w);
            }
            this.padded = new double[w + 2 * RADIUS];
        }

        /** Sums of output rows {@code [first, last)} into {@code perRow} (4 per row, row {@code y} at 4 (y - 2)). */
        void run(int first, int last, double[] perRow) {
            double[] start = columnSums(first - 1);
            Arrays.fill(start, 0);
            for (int k = -RADIUS; k <= RADIUS; k++) {
                double[] g = greyRows.get(first - 1 + k);
                for (int x = 0; x < w; x++) {
                    start[x] += g[x];
                }
            }
            advanceColumnSums(first - 1);
            advanceColumnSums(first);
            for (int y = first; y < last; y++) {
                row(y, perRow, 4 * (y - 2));
                advanceColumnSums(y + 1);
            }
        }

        private double[] columnSums(int r) {
            return columnSums[Math.floorMod(r, 3)];
        }

        /** Box sum of row {@code r + 1} from that of row {@code r}: one row enters, one leaves. */
        private void advanceColumnSums(int r) {
            double[] from = columnSums(r);
            double[] to = columnSums(r + 1);
            double[] in = greyRows.get(r + 1 + RADIUS);
            double[] out = greyRows.get(r - RADIUS);
            for (int x = 0; x < w; x++) {
                to[x] = from[x] + in[x] - out[x];
            }
        }

        /** The 11-sample horizontal box sum (not yet divided) of grey row {@code r}. */
        private void horizontalBox(int r, double[] box) {
            double[] g = greyRows.get(r);
            for (int i = 0; i < padded.length; i++) {
                padded[i] = g[padIndex[i]];
            }
            double s = 0;
            for (int i = 0; i < H_SIZE; i++) {
                s += padded[i];
            }
            box[0] = s;
            for (int x = 1; x < w; x++) {
                s += padded[x + 2 * RADIUS] - padded[x - 1];
                box[x] = s;
            }
        }

        /**
         * The four sums of output row {@code y} over columns {@code [2, w-1)}. The Sobel is taken separably,
         * difference first ({@code [1, 0, -1]} across, then {@code [1, 2, 1] / 4}), so a flat direction gives
         * exactly 0. Three consecutive columns of each separable part are kept in locals.
         */
        private void row(int y, double[] perRow, int at) {
            double[] a = greyRows.get(y - 1);
            double[] b = greyRows.get(y);
            double[] c = greyRows.get(y + 1);
            double[] sa = columnSums(y - 1);
            double[] sc = columnSums(y + 1);
            double[] fa = boxRows.get(y - 1);
            double[] fb = boxRows.get(y);
            double[] fc = boxRows.get(y + 1);
            double boxed = 0.25 / H_SIZE;
            // d, e: vertical differences of image and vertically boxed image; v, u: [1, 2, 1] down the columns of
            // image and horizontally boxed image. Suffix 0, 1, 2 = columns x-1, x, x+1.
            double d0 = c[1] - a[1];
            double d1 = c[2] - a[2];
            double e0 = sc[1] - sa[1];
            double e1 = sc[2] - sa[2];
            double v0 = a[1] + 2 * b[1] + c[1];
            double u0 = fa[1] + 2 * fb[1] + fc[1];
            double v1 = a[2] + 2 * b[2] + c[2];
            double u1 = fa[2] + 2 * fb[2] + fc[2];
            double sharpV = 0;
            double lostV = 0;
            double sharpH = 0;
            double lostH = 0;
            for (int x = 2; x < w - 1; x++) {
                double d2 = c[x + 1] - a[x + 1];
                double e2 = sc[x + 1] - sa[x + 1];
                double v2 = a[x + 1] + 2 * b[x + 1] + c[x + 1];
                double u2 = fa[x + 1] + 2 * fb[x + 1] + fc[x + 1];
                double s = Math.abs(d0 + 2 * d1 + d2) * 0.25;
                double t = s - Math.abs(e0 + 2 * e1 + e2) * boxed;
                sharpV += s;
                lostV += Math.max(t, 0.0); // branch-free: a data-dependent branch here doubles the time
                s = Math.abs(v2 - v0) * 0.25;
                t = s - Math.abs(u2 - u0) * boxed;
                sharpH += s;
                lostH += Math.max(t, 0.0); // branch-free: a data-dependent branch here doubles the time
                d0 = d1;
                d1 = d2;
                e0 = e1;
                e1 = e2;
                v0 = v1;
                v1 = v2;
                u0 = u1;
                u1 = u2;
            }
            perRow[at] = sharpV;
            perRow[at + 1] = lostV;
            perRow[at + 2] = sharpH;
            perRow[at + 3] = lostH;
        }
    }

    /**
     * The last few rows of a sequence, by logical row number (which may lie outside the image: the filler
     * reflects it), made on first use.
     */
    private static final class RowCache {

        @FunctionalInterface
        interface Filler {
            void fill(int r, double[] row);
        }

        private final double[][] rows;
        private final int[] held;
        private final Filler filler;

        RowCache(int slots, int width, Filler filler) {
            this.rows = new double[slots][width];
            this.held = new int[slots];
            Arrays.fill(held, Integer.MIN_VALUE);
            this.filler = filler;
        }

        /** Row {@code r}; valid until {@code slots} other rows have been asked for. */
        double[] get(int r) {
            int slot = Math.floorMod(r, rows.length);
            if (held[slot] != r) {
                filler.fill(r, rows[slot]);
                held[slot] = r;
            }
            return rows[slot];
        }
    }
}
