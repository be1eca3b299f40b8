package org.deblurgateway.model.metrics;

/**
 * Otsu's threshold as scikit-image 0.19's {@code threshold_otsu(image, nbins=256)} computes it on a float image:
 * numpy's 256-bin histogram over the image's own min..max (edges {@code min + i * (max - min) / 256}, the last edge
 * the max, values on an edge go to the upper bin, the max to the last), and the bin centre that maximises the
 * between-class variance (first maximum). The arithmetic follows numpy's order, so the threshold is the same bin
 * centre, not just a close value. A constant image's threshold is its value.
 */
public final class OtsuThreshold {

    /** Histogram bins, skimage's default. */
    public static final int BINS = 256;

    private OtsuThreshold() {}

    /** The threshold of a grey plane; foreground is {@code value > threshold}, as skimage's examples use it. */
    static double of(GreyPlane plane) {
        return of(plane.values());
    }

    static double of(double[] values) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        if (!(max > min)) {
            return values[0];
        }
        double[] centres = new double[BINS];
        long[] counts = histogram(values, min, max, centres);

        // Class weights and means for every split "bins 0..i | bins i+1..": cumulative sums in numpy's order.
        long[] below = new long[BINS];
        double[] meanBelow = new double[BINS];
        long n = 0;
        double s = 0;
        for (int i = 0; i < BINS; i++) {
            n += counts[i];
            s += counts[i] * centres[i];
            below[i] = n;
            meanBelow[i] = s / n;
        }
        long[] above = new long[BINS];
        double[] meanAbove = new double[BINS];
        n = 0;
        s = 0;
        for (int i = BINS - 1; i >= 0; i--) {
            n += counts[i];
            s += counts[i] * centres[i];
            above[i] = n;
            meanAbove[i] = s / n;
        }
        int best = 0;
        double bestVariance = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < BINS - 1; i++) {
            double d = meanBelow[i] - meanAbove[i + 1];
            double variance = (double) (below[i] * above[i + 1]) * (d * d);
            if (variance > bestVariance) {
                bestVariance = variance;
                best = i;
            }
        }
        return centres[best];
    }

    /** numpy's uniform-bin histogram ({@code np.histogram(values, 256)}), writing the bin centres. */
    private static long[] histogram(double[] values, double min, double max, double[] centres) {
        double[] edges = new double[BINS + 1];
        double step = (max - min) / BINS;
        for (int i = 0; i < BINS; i++) {
            edges[i] = i * step + min;
        }
        edges[BINS] = max;
        for (int i = 0; i < BINS; i++) {
            centres[i] = (edges[i] + edges[i + 1]) / 2.0;
        }
        double norm = BINS / (max - min);
        long[] counts = new long[BINS];
        for (double v : values) {
            int i = (int) ((v - min) * norm);
            if (i == BINS) {
                i--;
            }
            // numpy corrects the scaled index against the edges themselves
            if (v < edges[i]) {
                i--;
            } else if (v >= edges[i + 1] && i != BINS - 1) {
                i++;
            }
            counts[i]++;
        }
        return counts;
    }
}
