package org.deblurgateway.model.blur;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The seeded test protocols of {@code model/BLUR.md}: each gives every image a fixed kernel that depends only on
 * (protocol, seed, image name), and the noise field continues the same SplitMix64 stream.
 */
public enum BlurProtocol {

    /** Line kernel, {@code L = 7 + floor(19 u)} px (7..25), {@code angle = -45 + 90 u} degrees. */
    MOTION("motion"),

    /** Gaussian kernel, {@code sigma = 1 + 2 u} px (1..3). */
    GAUSSIAN("gaussian"),

    /**
     * No blur and no noise: the input is the sharp image itself (identity kernel), to measure what a method does to
     * an image that needs no deblurring. Nothing is drawn.
     */
    SHARP("sharp");

    /** Smallest motion length drawn. */
    public static final int MOTION_MIN_LENGTH = 7;

    private final String id;

    BlurProtocol(String id) {
        this.id = id;
    }

    /** The protocol id used in keys, file names and the CLI ({@code motion}, {@code gaussian}, {@code sharp}). */
    public String id() {
        return id;
    }

    /** The protocol with this id; a clear error listing the known ids otherwise. */
    public static BlurProtocol fromId(String id) {
        for (BlurProtocol p : values()) {
            if (p.id.equals(id)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown blur protocol '" + id + "' (known: "
                + Arrays.stream(values()).map(BlurProtocol::id).collect(Collectors.joining(", ")) + ")");
    }

    /**
     * Draws the kernel for one image and returns it with the generator positioned for the noise field
     * ({@code sharp}: the identity kernel and no noise stream).
     *
     * @param seed      protocol seed
     * @param imageName file name with extension, without directories (directories are stripped here if present)
     */
    public ProtocolDraw draw(long seed, String imageName) {
        if (this == SHARP) {
            return new ProtocolDraw(BlurKernel.identity(), null);
        }
        SplitMix64 g = SplitMix64.forImage(id, seed, baseName(imageName));
        BlurKernel kernel = switch (this) {
            case MOTION -> {
                int length = MOTION_MIN_LENGTH + (int) Math.floor(g.uniform() * 19);
                double angle = -45.0 + 90.0 * g.uniform();
                yield BlurKernel.motion(length, angle);
            }
            case GAUSSIAN -> BlurKernel.gaussian(1.0 + 2.0 * g.uniform());
            case SHARP -> throw new IllegalStateException("sharp draws nothing");
        };
        return new ProtocolDraw(kernel, g);
    }

    /** The kernel for one image (see {@link #draw}). */
    public BlurKernel kernelFor(long seed, String imageName) {
        return draw(seed, imageName).kernel();
    }

    /** The file name without directories, as the key uses it. */
    static String baseName(String imageName) {
        String n = imageName.replace('\\', '/');
        return n.substring(n.lastIndexOf('/') + 1);
    }
}
