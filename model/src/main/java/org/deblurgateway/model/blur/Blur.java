package org.deblurgateway.model.blur;

import org.deblurgateway.model.image.FloatImage;
import org.deblurgateway.model.image.RowParallel;

/**
 * Applies blur the way {@code model/BLUR.md} specifies: true convolution with reflect padding, every channel
 * alike, then Gaussian sensor noise (sigma {@value #NOISE_SIGMA}) from the protocol's SplitMix64 stream and a
 * clip to [0, 1].
 *
 * <p>All arithmetic is float64; the {@code double[]} methods are the exact reference (what the cross-language
 * test vectors check), the {@link FloatImage} methods round the result to float at the end.
 */
public final class Blur {

    /** Sensor-noise standard deviation (Equation 1 of MedDeblur), in [0, 1] units. */
    public static final double NOISE_SIGMA = 0.005;

    private Blur() {}

    /**
     * Blurs {@code sharp} with the protocol's seeded kernel and noise ({@code sharp}: an exact copy).
     *
     * @param sharp     image in [0, 1]
     * @param imageName the image's file name (the key of the seeded draw)
     */
    public static BlurredImage protocolBlur(FloatImage sharp, BlurProtocol protocol, long seed, String imageName) {
        ProtocolDraw draw = protocol.draw(seed, imageName);
        return new BlurredImage(apply(sharp, draw.kernel(), draw.noiseStream()), draw.kernel());
    }

    /**
     * Convolves, adds noise from {@code noiseStream} (consumed: 2 draws per sample) and clips to [0, 1].
     *
     * @param noiseStream generator positioned after the kernel draws, or {@code null} for a noise-free blur
     *                    (then no clip either)
     */
    public static FloatImage apply(FloatImage sharp, BlurKernel kernel, SplitMix64 noiseStream) {
        double[] out = convolve(toDouble(sharp.data()), sharp.width(), sharp.height(), sharp.channels(), kernel);
        if (noiseStream != null) {
            addNoiseAndClip(out, noiseStream, NOISE_SIGMA);
        }
        return new FloatImage(sharp.width(), sharp.height(), sharp.channels(), toFloat(out));
    }

    /** Convolution only (no noise, no clip). */
    public static FloatImage convolve(FloatImage image, BlurKernel kernel) {
        return apply(image, kernel, null);
    }

    /**
     * Convolves interleaved (y, x, c) float64 samples channel by channel with reflect padding.
     *
     * @return a new array, same layout
     */
    public static double[] convolve(double[] samples, int width, int height, int channels, BlurKernel kernel) {
        if (samples.length != width * height * channels) {
            throw new IllegalArgumentException(
                    "expected " + width * height * channels + " samples, got " + samples.length);
        }
        double[] out = new double[samples.length];
        for (int c = 0; c < channels; c++) {
            double[] plane = Planes.extract(samples, channels, c);
            Planes.insert(ReflectConvolution.convolve(plane, width, height, kernel), out, channels, c);
        }
        return out;
    }

    /**
     * Adds {@code sigma}-Gaussian noise, one Box-Muller value per sample in storage order (y, x, c), and clips
     * to [0, 1], in place. Rows run in parallel on sub-streams skipped ahead, which gives exactly the values of
     * one sequential pass; {@code stream} ends up after all of them.
     */
    public static void addNoiseAndClip(double[] samples, SplitMix64 stream, double sigma) {
        int n = samples.length;
        int blockSize = 4096;
        int blocks = (n + blockSize - 1) / blockSize;
        SplitMix64 start = stream.skipped(0);
        RowParallel.forRows(blocks, (from, to) -> {
            int begin = from * blockSize;
            int end = Math.min(n, to * blockSize);
            SplitMix64 g = start.skipped(2L * begin);
            for (int s = begin; s < end; s++) {
                double v = samples[s] + g.gaussian(sigma);
                samples[s] = v < 0.0 ? 0.0 : (v > 1.0 ? 1.0 : v);
            }
        });
        stream.skip(2L * n);
    }

    static double[] toDouble(float[] data) {
        double[] d = new double[data.length];
        for (int i = 0; i < data.length; i++) {
            d[i] = data[i];
        }
        return d;
    }

    static float[] toFloat(double[] data) {
        float[] f = new float[data.length];
        for (int i = 0; i < data.length; i++) {
            f[i] = (float) data[i];
        }
        return f;
    }
}
