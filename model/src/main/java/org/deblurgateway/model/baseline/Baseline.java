package org.deblurgateway.model.baseline;

import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;
import org.deblurgateway.model.blur.BlurKernel;
import org.deblurgateway.model.image.FloatImage;

/**
 * The classical deblurring baselines the network is compared with, by id; all map a blurry FloatImage in [0, 1]
 * to a restored one of the same shape, channel by channel.
 *
 * <p>Default parameters come from a sweep ({@code BaselineSweep} in the test sources) on 25 train images, the
 * first 5 of each modality in {@code train/} (chest X-ray, CT, dermoscopy, microscopy, MRI), blurred with the
 * {@code motion} protocol (seed 1000) plus its sensor noise; mean PSNR against the sharp images:
 * <pre>
 *   blurry input                         29.69 dB
 *   unsharp sigma 0.5..5, amount 0.25..2 26.00 .. 29.84   best sigma 5, amount 0.25: 29.84 (+0.15)
 *   wiener-oracle K = 1e-4 / 1e-3 / 5e-3  19.72 / 25.68 / 30.21
 *   wiener-oracle K = 1e-2 / 1.5e-2 / 2e-2 / 3e-2   31.49 / 31.81 / 31.77 / 31.32   chosen 1.5e-2
 *   rl-oracle iterations 10 / 15 / 20 / 25 / 30 / 50   32.66 / 32.97 / 33.08 / 33.08 / 33.02 / 32.48   chosen 20
 * </pre>
 * Unsharp masking barely moves PSNR on motion blur with noise (it is there as the blind floor); the oracle
 * methods are upper references because they are handed the true kernel.
 */
public enum Baseline {

    /** Blind unsharp mask ({@link UnsharpMask}); ignores the kernel. */
    UNSHARP("unsharp", false),

    /** Wiener deconvolution given the true kernel: an upper reference, not a blind method. */
    WIENER_ORACLE("wiener-oracle", true),

    /** Richardson-Lucy given the true kernel: an upper reference, not a blind method. */
    RL_ORACLE("rl-oracle", true);

    private final String id;
    private final boolean needsKernel;

    Baseline(String id, boolean needsKernel) {
        this.id = id;
        this.needsKernel = needsKernel;
    }

    /** The id used on the command line and in reports: {@code unsharp}, {@code wiener-oracle}, {@code rl-oracle}. */
    public String id() {
        return id;
    }

    /** Whether {@link #restore} needs the true blur kernel (the oracle baselines). */
    public boolean needsKernel() {
        return needsKernel;
    }

    /** The baseline with this id; a clear error listing the known ids otherwise. */
    public static Baseline fromId(String id) {
        for (Baseline b : values()) {
            if (b.id.equals(id)) {
                return b;
            }
        }
        throw new IllegalArgumentException("unknown baseline '" + id + "' (known: "
                + Arrays.stream(values()).map(Baseline::id).collect(Collectors.joining(", ")) + ")");
    }

    /**
     * Restores {@code blurry} with the default parameters.
     *
     * @param trueKernel the kernel that blurred the image; required by the oracle baselines, ignored by unsharp
     */
    public FloatImage restore(FloatImage blurry, BlurKernel trueKernel) {
        Objects.requireNonNull(blurry, "blurry");
        if (needsKernel && trueKernel == null) {
            throw new IllegalArgumentException(id + " needs the true blur kernel");
        }
        return switch (this) {
            case UNSHARP -> new UnsharpMask(UnsharpMask.DEFAULT_SIGMA, UnsharpMask.DEFAULT_AMOUNT).restore(blurry);
            case WIENER_ORACLE -> new WienerDeconvolution(WienerDeconvolution.DEFAULT_NSR).restore(blurry, trueKernel);
            case RL_ORACLE -> new RichardsonLucy(RichardsonLucy.DEFAULT_ITERATIONS).restore(blurry, trueKernel);
        };
    }
}
