package org.deblurgateway.model.image;

import java.util.Objects;

/**
 * A normalised image: float samples (nominally in [0, 1]), interleaved row-major, channel-last (y, x, c).
 *
 * <p>The working type of blur simulation, metrics, classical baselines and network input/output.
 */
public record FloatImage(int width, int height, int channels, float[] data) {

    public FloatImage {
        if (width <= 0 || height <= 0 || channels <= 0) {
            throw new IllegalArgumentException("bad image shape " + width + "x" + height + "x" + channels);
        }
        Objects.requireNonNull(data, "data");
        if (data.length != (long) width * height * channels) {
            throw new IllegalArgumentException(
                    "expected " + (long) width * height * channels + " samples, got " + data.length);
        }
    }

    public static FloatImage zeros(int width, int height, int channels) {
        return new FloatImage(width, height, channels, new float[width * height * channels]);
    }

    public float get(int x, int y, int c) {
        return data[(y * width + x) * channels + c];
    }

    public void set(int x, int y, int c, float v) {
        data[(y * width + x) * channels + c] = v;
    }
}
