package org.deblurgateway.dicom.pixels;

import java.time.Duration;

/**
 * Budgets for decoding.
 *
 * @param maxFramePixels    frames with more samples (rows x columns x samples per pixel: an RGB pixel counts three)
 *                          pass through (over-pixel-budget)
 * @param maxInstancePixels objects whose frames together have more samples pass through (bounds memory)
 * @param decoderTimeout    limit for an external decoder process (gdcmconv / dcmtk)
 */
public record PixelLimits(long maxFramePixels, long maxInstancePixels, Duration decoderTimeout) {}
