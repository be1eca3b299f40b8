package org.deblurgateway.model.blur;

import org.deblurgateway.model.image.FloatImage;

/**
 * A blurred image and the kernel that made it (the oracle baselines need the true kernel).
 *
 * @param image  blurred, noisy image in [0, 1]
 * @param kernel the kernel applied
 */
public record BlurredImage(FloatImage image, BlurKernel kernel) {}
