package org.deblurgateway.model.inference;

import org.deblurgateway.model.image.Frame;
import org.deblurgateway.model.image.FrameNormalizer;

/**
 * The affine map between a frame's stored sample values and the network's [0, 1] range:
 * {@code value = offset + y * scale}.
 *
 * <p>Chosen as training did: frames of 8 bits or fewer use the type's full range (unsigned 8-bit: / 255; signed
 * 8-bit: (v + 128) / 255); deeper frames (9..16 bits, e.g. CT/MR) use the frame's own min-max, because their
 * stored range varies widely between modalities and rarely fills the type. The inverse is exact up to float
 * rounding: rounding to the nearest integer gives back the original value, and the result is clamped to the
 * type's range. A constant deep frame maps to all zeros and back to the same constant.
 *
 * @param offset stored value for y = 0
 * @param scale  stored value span for y = 0..1 (0 for a constant frame)
 */
public record Normalisation(double offset, double scale) {

    /** The normalisation a {@link Deblurrer} applies to this frame (range rule: {@link FrameNormalizer#rangeOf}). */
    public static Normalisation of(Frame frame) {
        double[] range = FrameNormalizer.rangeOf(frame);
        return new Normalisation(range[0], range[1] - range[0]);
    }

    /** Stored value to [0, 1]. */
    public float forward(int value) {
        return scale == 0 ? 0f : (float) ((value - offset) / scale);
    }

    /** [0, 1] back to the stored value: rounded and clamped to [min, max]. */
    public int inverse(float y, int min, int max) {
        double yc = Math.min(1.0, Math.max(0.0, y));
        long v = Math.round(offset + yc * scale);
        return (int) Math.max(min, Math.min(max, v));
    }
}
