package org.deblurgateway.model.blur;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The SplitMix64 generator of {@code model/BLUR.md}: the seeded stream behind test-protocol kernels and noise.
 *
 * <p>All arithmetic is unsigned 64-bit held in Java {@code long}s (wrap-around add and multiply are the same bits
 * as mod 2^64; shifts are {@code >>>}). Not thread-safe: one instance per image.
 */
public final class SplitMix64 {

    /** Added to the state on every draw (the golden gamma). */
    static final long GAMMA = 0x9E3779B97F4A7C15L;

    private long state;

    /** A generator whose state is {@code state} (an unsigned 64-bit value in a long). */
    public SplitMix64(long state) {
        this.state = state;
    }

    /**
     * The generator for one image: state = first 8 bytes, big-endian, of SHA-256(UTF-8 "protocol|seed|name").
     *
     * @param protocol protocol id, e.g. {@code motion}
     * @param seed     the protocol seed, written in decimal
     * @param name     the image's file name without directories, e.g. {@code IM-0001-0001.jpeg}
     */
    public static SplitMix64 forImage(String protocol, long seed, String name) {
        byte[] key = sha256(protocol + "|" + seed + "|" + name);
        return new SplitMix64(ByteBuffer.wrap(key, 0, 8).getLong());
    }

    /** The next 64 random bits. */
    public long next() {
        state += GAMMA;
        long z = state;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform double in [0, 1): the top 53 bits of {@link #next()} times 2^-53. */
    public double uniform() {
        return (next() >>> 11) * 0x1.0p-53;
    }

    /** One Gaussian sample (Box-Muller, cosine branch only) from two consecutive uniforms. */
    public double gaussian(double sigma) {
        double u1 = uniform();
        double u2 = uniform();
        return sigma * Math.sqrt(-2.0 * Math.log(1.0 - u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    /** Current state (unsigned 64-bit in a long). */
    public long state() {
        return state;
    }

    /** A copy positioned {@code draws} draws ahead of this one; this generator does not move. */
    public SplitMix64 skipped(long draws) {
        // Each draw adds GAMMA to the state, so skipping is one multiply-add (mod 2^64).
        return new SplitMix64(state + draws * GAMMA);
    }

    /** Moves this generator {@code draws} draws ahead, as if {@link #next()} had been called that often. */
    public void skip(long draws) {
        state += draws * GAMMA;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
