package org.deblurgateway.dicom.pixels;

/**
 * YBR_FULL (8-bit, full range, PS3.3 C.7.6.3.1.2 / JFIF) to RGB. The arithmetic is pydicom's
 * {@code convert_color_space} (float32 matrix, +0.5, floor, clip), so decoded colour frames match what the
 * reference toolkit gives to within a rounding step.
 */
final class YbrFullToRgb {

    private static final float CR_TO_R = 1.402f;
    private static final float CB_TO_G = (float) (-0.114 * 1.772 / 0.587);
    private static final float CR_TO_G = (float) (-0.299 * 1.402 / 0.587);
    private static final float CB_TO_B = 1.772f;

    private YbrFullToRgb() {}

    /** Writes R, G, B of one pixel at {@code out[at..at+2]}. */
    static void convert(int y, int cb, int cr, int[] out, int at) {
        float luma = y;
        float blue = cb - 128f;
        float red = cr - 128f;
        out[at] = clip(luma + red * CR_TO_R);
        out[at + 1] = clip(luma + blue * CB_TO_G + red * CR_TO_G);
        out[at + 2] = clip(luma + blue * CB_TO_B);
    }

    private static int clip(float value) {
        int rounded = (int) Math.floor(value + 0.5f);
        return Math.max(0, Math.min(255, rounded));
    }
}
