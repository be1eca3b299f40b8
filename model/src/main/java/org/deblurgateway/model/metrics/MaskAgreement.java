package org.deblurgateway.model.metrics;

/** Agreement of binary maps (row-major, same size): Dice overlap and edge F1 with a tolerance. */
final class MaskAgreement {

    private MaskAgreement() {}

    /** {@code 2 |A and B| / (|A| + |B|)}; two empty masks agree fully (1). */
    static double dice(boolean[] a, boolean[] b) {
        long both = 0;
        long sizes = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] && b[i]) {
                both++;
            }
            sizes += (a[i] ? 1 : 0) + (b[i] ? 1 : 0);
        }
        return sizes == 0 ? 1.0 : 2.0 * both / sizes;
    }

    /**
     * F1 of the {@code test} edges against the {@code reference} edges, an edge pixel counting as found when the
     * other map has one within 1 px (its 3x3 neighbourhood): precision over the test edges, recall over the reference
     * edges. Canny localises an edge to within a pixel; a restored edge one pixel off is the same structure. Two
     * empty maps agree (1), one empty map against a non-empty one scores 0.
     */
    static double edgeF1(boolean[] reference, boolean[] test, int w, int h) {
        long testEdges = count(test);
        long refEdges = count(reference);
        if (testEdges == 0 && refEdges == 0) {
            return 1.0;
        }
        if (testEdges == 0 || refEdges == 0) {
            return 0.0;
        }
        double precision = (double) matched(test, reference, w, h) / testEdges;
        double recall = (double) matched(reference, test, w, h) / refEdges;
        return precision + recall == 0 ? 0.0 : 2 * precision * recall / (precision + recall);
    }

    private static long count(boolean[] m) {
        long n = 0;
        for (boolean b : m) {
            if (b) {
                n++;
            }
        }
        return n;
    }

    /** Pixels of {@code from} with a pixel of {@code to} in their 3x3 neighbourhood. */
    private static long matched(boolean[] from, boolean[] to, int w, int h) {
        long n = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (from[y * w + x] && near(to, x, y, w, h)) {
                    n++;
                }
            }
        }
        return n;
    }

    private static boolean near(boolean[] m, int x, int y, int w, int h) {
        for (int ny = Math.max(0, y - 1); ny <= Math.min(h - 1, y + 1); ny++) {
            for (int nx = Math.max(0, x - 1); nx <= Math.min(w - 1, x + 1); nx++) {
                if (m[ny * w + nx]) {
                    return true;
                }
            }
        }
        return false;
    }
}
