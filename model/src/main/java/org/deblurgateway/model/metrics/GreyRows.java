package org.deblurgateway.model.metrics;

import org.deblurgateway.model.image.FloatImage;
import org.deblurgateway.model.image.Frame;
import org.deblurgateway.model.image.FrameNormalizer;

/**
 * An image's grey level, one float64 row at a time: grey samples as they are, RGB through scikit-image's
 * {@code rgb2gray} luminance ({@code 0.2125 R + 0.7154 G + 0.0721 B}). Rows are made on demand so a metric can
 * stream over a frame without a frame-sized copy.
 */
interface GreyRows {

    double RED = 0.2125;
    double GREEN = 0.7154;
    double BLUE = 0.0721;

    int width();

    int height();

    /** Writes row {@code y} (0 .. height-1) into {@code row[0 .. width)}. */
    void read(int y, double[] row);

    /** A frame's grey level on the normalised scale of {@link FrameNormalizer#rangeOf(Frame)}. */
    static GreyRows of(Frame frame) {
        double[] range = FrameNormalizer.rangeOf(frame);
        double min = range[0];
        // As FrameNormalizer.normalize: a zero range (constant deep frame) divides by 1.
        double span = range[1] > range[0] ? range[1] - range[0] : 1.0;
        return new FrameRows(frame, min, 1.0 / span);
    }

    /** A grey (1 channel) or RGB (3 channels) float image. */
    static GreyRows of(FloatImage image) {
        if (image.channels() != 1 && image.channels() != 3) {
            throw new IllegalArgumentException(
                    "a grey level needs a grey or RGB image, not " + image.channels() + " channels");
        }
        return new FloatRows(image);
    }

    /**
     * Integer samples mapped by {@code (sample - min) * scale}, {@code scale = 1 / span}: the normalisation the rest
     * of the model uses, give or take a rounding (a multiplication is cheaper than a division per sample).
     */
    record FrameRows(Frame frame, double min, double scale) implements GreyRows {

        @Override
        public int width() {
            return frame.width();
        }

        @Override
        public int height() {
            return frame.height();
        }

        @Override
        public void read(int y, double[] row) {
            int[] s = frame.samples();
            int w = frame.width();
            if (frame.channels() == 1) {
                int o = y * w;
                for (int x = 0; x < w; x++) {
                    row[x] = (s[o + x] - min) * scale;
                }
            } else {
                int o = y * w * 3;
                for (int x = 0; x < w; x++) {
                    int i = o + 3 * x;
                    row[x] = (RED * (s[i] - min) + GREEN * (s[i + 1] - min) + BLUE * (s[i + 2] - min)) * scale;
                }
            }
        }
    }

    /** Float samples widened to float64. */
    record FloatRows(FloatImage image) implements GreyRows {

        @Override
        public int width() {
            return image.width();
        }

        @Override
        public int height() {
            return image.height();
        }

        @Override
        public void read(int y, double[] row) {
            float[] d = image.data();
            int w = image.width();
            if (image.channels() == 1) {
                int o = y * w;
                for (int x = 0; x < w; x++) {
                    row[x] = d[o + x];
                }
            } else {
                int o = y * w * 3;
                for (int x = 0; x < w; x++) {
                    int i = o + 3 * x;
                    row[x] = RED * d[i] + GREEN * d[i + 1] + BLUE * d[i + 2];
                }
            }
        }
    }
}
