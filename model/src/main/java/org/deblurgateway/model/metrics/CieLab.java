package org.deblurgateway.model.metrics;

/**
 * sRGB in [0, 1] to CIE L*a*b* (D65, 2-degree observer), equal to scikit-image 0.19's {@code rgb2lab}: sRGB
 * gamma expansion, its {@code xyz_from_rgb} matrix, white point (0.95047, 1, 1.08883), and the 0.008856 / 7.787
 * linear segment.
 */
public final class CieLab {

    private static final double[][] XYZ_FROM_RGB = {
        {0.412453, 0.357580, 0.180423},
        {0.212671, 0.715160, 0.072169},
        {0.019334, 0.119193, 0.950227}
    };
    private static final double[] WHITE_D65 = {0.95047, 1.0, 1.08883};

    private CieLab() {}

    /** L*, a*, b* of one sRGB colour, written into {@code lab[0..2]}. */
    public static void fromRgb(double r, double g, double b, double[] lab) {
        double lr = linear(r);
        double lg = linear(g);
        double lb = linear(b);
        double fx = f((lr * XYZ_FROM_RGB[0][0] + lg * XYZ_FROM_RGB[0][1] + lb * XYZ_FROM_RGB[0][2]) / WHITE_D65[0]);
        double fy = f((lr * XYZ_FROM_RGB[1][0] + lg * XYZ_FROM_RGB[1][1] + lb * XYZ_FROM_RGB[1][2]) / WHITE_D65[1]);
        double fz = f((lr * XYZ_FROM_RGB[2][0] + lg * XYZ_FROM_RGB[2][1] + lb * XYZ_FROM_RGB[2][2]) / WHITE_D65[2]);
        lab[0] = 116.0 * fy - 16.0;
        lab[1] = 500.0 * (fx - fy);
        lab[2] = 200.0 * (fy - fz);
    }

    private static double linear(double v) {
        return v > 0.04045 ? Math.pow((v + 0.055) / 1.055, 2.4) : v / 12.92;
    }

    private static double f(double t) {
        return t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16.0 / 116.0;
    }
}
