package org.deblurgateway.model.metrics;

import org.deblurgateway.model.image.FloatImage;

/**
 * PSNR, SSIM and mean CIEDE2000 of one restored image against its sharp reference (scikit-image 0.19
 * definitions, data range 1).
 *
 * @param psnr   dB; {@link Double#POSITIVE_INFINITY} for identical images
 * @param ssim   mean SSIM (per-channel mean for RGB)
 * @param deltaE mean CIEDE2000 (grey as R = G = B)
 */
public record ImageQuality(double psnr, double ssim, double deltaE) {

    /** All three metrics of {@code test} against {@code reference} (same shape, at least 11x11, in [0, 1]). */
    public static ImageQuality measure(FloatImage reference, FloatImage test) {
        return new ImageQuality(
                Psnr.compute(reference, test), Ssim.compute(reference, test), DeltaE2000.mean(reference, test));
    }
}
