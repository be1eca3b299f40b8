package org.deblurgateway.model.metrics;

/**
 * Settings of the Canny detector: Gaussian {@code sigma} in pixels and the hysteresis thresholds as quantiles of
 * the image's own gradient magnitude (skimage's {@code use_quantiles=True}).
 *
 * @param sigma        Gaussian smoothing, pixels
 * @param lowQuantile  weak-edge threshold, quantile in [0, 1]
 * @param highQuantile strong-edge threshold, quantile in [lowQuantile, 1]
 */
public record CannyParameters(double sigma, double lowQuantile, double highQuantile) {

    /**
     * What the evaluation uses. Quantile thresholds: the test images come as 8-bit and 16-bit, windowed differently
     * per modality, and a blurry image has weaker gradients everywhere; thresholds relative to each image's own
     * gradients give every image the same edge budget, so the score asks where the edges are, not how strong they
     * are (as a CAD pipeline with adaptive thresholds would). Sigma 2 smooths away the sensor noise and JPEG block
     * edges of the 8-bit modalities and keeps structures a few pixels wide.
     */
    public static final CannyParameters EVALUATION = new CannyParameters(2.0, 0.8, 0.9);

    public CannyParameters {
        if (!(sigma > 0)) {
            throw new IllegalArgumentException("sigma must be > 0, not " + sigma);
        }
        if (!(0 <= lowQuantile && lowQuantile <= highQuantile && highQuantile <= 1)) {
            throw new IllegalArgumentException(
                    "quantiles must satisfy 0 <= low <= high <= 1, not " + lowQuantile + ", " + highQuantile);
        }
    }
}
