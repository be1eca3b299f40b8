package org.deblurgateway.model.metrics;

import org.deblurgateway.model.image.FloatImage;
import org.deblurgateway.model.image.RowParallel;

/**
 * Mean CIEDE2000 colour difference, equal to scikit-image 0.19's
 * {@code deltaE_ciede2000(rgb2lab(reference), rgb2lab(test)).mean()} (kL = kC = kH = 1). Grey images count as
 * R = G = B.
 */
public final class DeltaE2000 {

    private static final double POW25_7 = 6103515625.0;
    private static final double DEG30 = Math.toRadians(30);
    private static final double DEG6 = Math.toRadians(6);
    private static final double DEG63 = Math.toRadians(63);

    private DeltaE2000() {}

    /** Mean CIEDE2000 over pixels of {@code test} against {@code reference} (grey or RGB in [0, 1]). */
    public static double mean(FloatImage reference, FloatImage test) {
        Shapes.requireSameShape(reference, test);
        int ch = reference.channels();
        if (ch != 1 && ch != 3) {
            throw new IllegalArgumentException("CIEDE2000 needs grey or RGB images, not " + ch + " channels");
        }
        int w = reference.width();
        float[] a = reference.data();
        float[] b = test.data();
        double sum = RowParallel.sumRows(reference.height(), (from, to) -> {
            double[] lab1 = new double[3];
            double[] lab2 = new double[3];
            double s = 0;
            for (int p = from * w; p < to * w; p++) {
                int i = p * ch;
                if (ch == 3) {
                    CieLab.fromRgb(a[i], a[i + 1], a[i + 2], lab1);
                    CieLab.fromRgb(b[i], b[i + 1], b[i + 2], lab2);
                } else {
                    CieLab.fromRgb(a[i], a[i], a[i], lab1);
                    CieLab.fromRgb(b[i], b[i], b[i], lab2);
                }
                s += difference(lab1, lab2);
            }
            return s;
        });
        return sum / ((double) w * reference.height());
    }

    /** CIEDE2000 between two L*a*b* colours, following scikit-image's formulation step by step. */
    public static double difference(double[] lab1, double[] lab2) {
        double l1 = lab1[0];
        double a1 = lab1[1];
        double b1 = lab1[2];
        double l2 = lab2[0];
        double a2 = lab2[1];
        double b2 = lab2[2];
        // Distort a* by the mean chroma, then work in the primed L C h coordinates.
        double cbar = 0.5 * (Math.hypot(a1, b1) + Math.hypot(a2, b2));
        double c7 = Math.pow(cbar, 7);
        double g = 0.5 * (1 - Math.sqrt(c7 / (c7 + POW25_7)));
        double scale = 1 + g;
        double c1 = Math.hypot(a1 * scale, b1);
        double h1 = hueAngle(a1 * scale, b1);
        double c2 = Math.hypot(a2 * scale, b2);
        double h2 = hueAngle(a2 * scale, b2);

        double lbar = 0.5 * (l1 + l2);
        double tmp = (lbar - 50) * (lbar - 50);
        double sl = 1 + 0.015 * tmp / Math.sqrt(20 + tmp);
        double lTerm = (l2 - l1) / sl;

        double cbarPrime = 0.5 * (c1 + c2);
        double sc = 1 + 0.045 * cbarPrime;
        double cTerm = (c2 - c1) / sc;

        double hDiff = h2 - h1;
        double hSum = h1 + h2;
        double cc = c1 * c2;
        double dH = hDiff;
        if (hDiff > Math.PI) {
            dH -= 2 * Math.PI;
        }
        if (hDiff < -Math.PI) {
            dH += 2 * Math.PI;
        }
        if (cc == 0.0) {
            dH = 0.0;
        }
        double dHTerm = 2 * Math.sqrt(cc) * Math.sin(dH / 2);

        double hbar = hSum;
        if (cc != 0.0 && Math.abs(hDiff) > Math.PI) {
            hbar += hSum < 2 * Math.PI ? 2 * Math.PI : -2 * Math.PI;
        }
        if (cc == 0.0) {
            hbar *= 2;
        }
        hbar *= 0.5;

        double t = 1
                - 0.17 * Math.cos(hbar - DEG30)
                + 0.24 * Math.cos(2 * hbar)
                + 0.32 * Math.cos(3 * hbar + DEG6)
                - 0.20 * Math.cos(4 * hbar - DEG63);
        double sh = 1 + 0.015 * cbarPrime * t;
        double hTerm = dHTerm / sh;

        double c7p = Math.pow(cbarPrime, 7);
        double rc = 2 * Math.sqrt(c7p / (c7p + POW25_7));
        double z = (Math.toDegrees(hbar) - 275) / 25;
        double dTheta = DEG30 * Math.exp(-(z * z));
        double rTerm = -Math.sin(2 * dTheta) * rc * cTerm * hTerm;

        double dE2 = lTerm * lTerm + cTerm * cTerm + hTerm * hTerm + rTerm;
        return Math.sqrt(Math.max(dE2, 0));
    }

    /** Hue angle in [0, 2 pi). */
    private static double hueAngle(double a, double b) {
        double t = Math.atan2(b, a);
        return t < 0 ? t + 2 * Math.PI : t;
    }
}
