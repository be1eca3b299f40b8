package org.deblurgateway.model.inference;

import org.deblurgateway.model.inference.InferenceOptions.ComputeDevice;
import org.deblurgateway.model.inference.InferenceOptions.Precision;

/**
 * The precision a process actually runs, given the one configured and the hardware.
 *
 * <p>bf16 on a CPU pays only with native bfloat16 instructions: measured (bench/results/model-cpu.md) 4-15x
 * slower than fp32 on an AMD EPYC with AVX2 only, where libtorch emulates it, and about 1.9x faster on a CPU
 * with avx512_bf16. So bf16 asked for on a CPU without avx512_bf16 or amx_bf16 runs fp32, and says why.
 *
 * @param precision the precision to load and run
 * @param reason    why it differs from the one asked for; empty when it is the one asked for
 */
public record PrecisionChoice(Precision precision, String reason) {

    /** Decides for {@code requested} on {@code device}, with this CPU's features. */
    public static PrecisionChoice of(Precision requested, ComputeDevice device, CpuFeatures cpu) {
        if (requested == Precision.BF16 && device == ComputeDevice.CPU && !cpu.hasNativeBf16()) {
            return new PrecisionChoice(
                    Precision.FP32,
                    "bf16 was asked for, but this CPU (" + cpu.modelName()
                            + ") has neither avx512_bf16 nor amx_bf16: libtorch would emulate bfloat16, 4-15x slower "
                            + "than fp32 (bench/results/model-cpu.md); running fp32");
        }
        return new PrecisionChoice(requested, "");
    }

    /** True when the precision asked for was replaced. */
    public boolean changed() {
        return !reason.isEmpty();
    }
}
