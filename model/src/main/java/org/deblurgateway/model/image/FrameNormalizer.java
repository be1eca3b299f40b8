package org.deblurgateway.model.image;

/**
 * Linear maps between integer {@link Frame}s and normalised {@link FloatImage}s, as the blur protocol and the
 * evaluation use them: frames of up to 8 bits by their type's range (8-bit unsigned: divide by 255), deeper
 * frames (16-bit CT, MRI) by their own min-max.
 *
 * <p>The evaluation scales a 16-bit sharp image AND its restored versions by the sharp original's min-max
 * ({@link #normalize(Frame, double, double)}), so all are compared on one scale. No clipping: a restored sample
 * outside the sharp image's range maps outside [0, 1].
 */
public final class FrameNormalizer {

    private FrameNormalizer() {}

    /**
     * A frame normalised to [0, 1], with the linear map used: {@code sample = min + value * (max - min)}.
     *
     * @param image the normalised image (grey frames give one channel)
     * @param min   sample value mapped to 0
     * @param max   sample value mapped to 1 (equal to {@code min} for a constant deep frame, which maps to 0)
     */
    public record Normalized(FloatImage image, double min, double max) {}

    /** Normalises by {@link #rangeOf(Frame)}. */
    public static Normalized normalize(Frame frame) {
        double[] range = rangeOf(frame);
        return new Normalized(normalize(frame, range[0], range[1]), range[0], range[1]);
    }

    /**
     * The sample values that map to 0 and 1, as {@code {min, max}}: the type's range for frames of up to 8 bits,
     * the frame's own min-max for deeper ones (their stored range varies widely and rarely fills the type). The one
     * home of this rule: training, the Deblurrer and the evaluation all use it.
     */
    public static double[] rangeOf(Frame frame) {
        if (frame.bitsStored() <= 8) {
            return new double[] {frame.minValue(), frame.maxValue()};
        }
        int lo = Integer.MAX_VALUE;
        int hi = Integer.MIN_VALUE;
        for (int s : frame.samples()) {
            lo = Math.min(lo, s);
            hi = Math.max(hi, s);
        }
        return new double[] {lo, hi};
    }

    /** {@code (sample - min) / (max - min)} for every sample, unclipped; a zero range divides by 1 instead. */
    public static FloatImage normalize(Frame frame, double min, double max) {
        if (!(max >= min)) {
            throw new IllegalArgumentException("normalisation needs max >= min, got " + min + ".." + max);
        }
        double range = max > min ? max - min : 1.0;
        int[] s = frame.samples();
        float[] out = new float[s.length];
        for (int i = 0; i < s.length; i++) {
            out[i] = (float) ((s[i] - min) / range);
        }
        return new FloatImage(frame.width(), frame.height(), frame.channels(), out);
    }

    /**
     * The inverse map: {@code round(min + value * (max - min))}, clamped to the sample type of
     * {@code bitsStored}/{@code signed}.
     */
    public static Frame denormalize(FloatImage image, double min, double max, int bitsStored, boolean signed) {
        if (image.channels() != 1 && image.channels() != 3) {
            throw new IllegalArgumentException("frames are grey or RGB, not " + image.channels() + " channels");
        }
        int lo = signed ? -(1 << (bitsStored - 1)) : 0;
        int hi = signed ? (1 << (bitsStored - 1)) - 1 : (1 << bitsStored) - 1;
        double range = max - min;
        float[] d = image.data();
        int[] out = new int[d.length];
        for (int i = 0; i < d.length; i++) {
            double v = Math.rint(min + d[i] * range);
            out[i] = Double.isNaN(v) ? lo : (int) Math.max(lo, Math.min(hi, v));
        }
        return new Frame(image.width(), image.height(), image.channels(), bitsStored, signed, out);
    }
}
