package org.deblurgateway.model.image;

import java.util.Objects;

/**
 * One image frame as stored: integer samples, interleaved row-major, channel-last (y, x, c).
 *
 * <p>This is what the Deblurrer takes and returns (same size and type out as in) and what DICOM pixel data
 * decodes to. {@code bitsStored} is 8..16; signed frames hold two's-complement values in
 * [-2^(bits-1), 2^(bits-1) - 1], unsigned ones [0, 2^bits - 1].
 */
public record Frame(int width, int height, int channels, int bitsStored, boolean signed, int[] samples) {

    public Frame {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("frame size must be positive: " + width + "x" + height);
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("frames are grey (1 channel) or RGB (3), not " + channels);
        }
        if (bitsStored < 1 || bitsStored > 16) {
            throw new IllegalArgumentException("bits stored must be 1..16, not " + bitsStored);
        }
        Objects.requireNonNull(samples, "samples");
        if (samples.length != (long) width * height * channels) {
            throw new IllegalArgumentException("expected " + (long) width * height * channels + " samples for " + width
                    + "x" + height + "x" + channels + ", got " + samples.length);
        }
    }

    /** Smallest value the sample type can hold. */
    public int minValue() {
        return signed ? -(1 << (bitsStored - 1)) : 0;
    }

    /** Largest value the sample type can hold. */
    public int maxValue() {
        return signed ? (1 << (bitsStored - 1)) - 1 : (1 << bitsStored) - 1;
    }

    /**
     * The same frame with values mirrored in the sample range (min + max - v): how a MONOCHROME1 frame is shown to a
     * network trained on MONOCHROME2-like images, and turned back afterwards.
     */
    public Frame inverted() {
        int sum = minValue() + maxValue();
        int[] out = new int[samples.length];
        for (int i = 0; i < samples.length; i++) {
            out[i] = sum - samples[i];
        }
        return new Frame(width, height, channels, bitsStored, signed, out);
    }

    public int sample(int x, int y, int c) {
        return samples[(y * width + x) * channels + c];
    }

    public long pixelCount() {
        return (long) width * height;
    }
}
