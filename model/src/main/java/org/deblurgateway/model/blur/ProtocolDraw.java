package org.deblurgateway.model.blur;

/**
 * One image's protocol draw: its kernel and the generator right after the kernel draws, ready for the noise field.
 *
 * @param kernel      the seeded kernel
 * @param noiseStream the same SplitMix64 stream, continued; consumed by {@link Blur#apply}; {@code null} for a
 *                    protocol without noise ({@link BlurProtocol#SHARP})
 */
public record ProtocolDraw(BlurKernel kernel, SplitMix64 noiseStream) {}
