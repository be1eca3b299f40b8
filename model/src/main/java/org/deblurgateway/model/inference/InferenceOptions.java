package org.deblurgateway.model.inference;

import java.util.Locale;
import java.util.Objects;

/**
 * How a {@link Deblurrer} runs a network: tile geometry, batch size, numeric precision and device.
 *
 * @param tileSize  edge of the square tiles fed to the network (rounded down to the model's size multiple)
 * @param overlap   pixels shared by neighbouring tiles, blended with a cosine ramp; half of it is also the
 *                  reflect-padded context added around the frame edges
 * @param batchSize tiles per forward call
 * @param precision fp32 ({@code model.pt}) or bf16 ({@code model-bf16.pt}, cast inside the TorchScript)
 * @param device    cpu, or gpu (needs the CUDA natives: build with {@code -Pcuda})
 */
public record InferenceOptions(int tileSize, int overlap, int batchSize, Precision precision, ComputeDevice device) {

    /** Numeric precision of the forward pass. */
    public enum Precision {
        FP32("model.pt"),
        BF16("model-bf16.pt");

        private final String weightsFile;

        Precision(String weightsFile) {
            this.weightsFile = weightsFile;
        }

        /** File name of the TorchScript in the model folder. */
        public String weightsFile() {
            return weightsFile;
        }

        public static Precision parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "fp32", "float32" -> FP32;
                case "bf16", "bfloat16" -> BF16;
                default -> throw new IllegalArgumentException("precision must be fp32 or bf16, not " + s);
            };
        }
    }

    /** Where the forward pass runs. */
    public enum ComputeDevice {
        CPU,
        GPU;

        public static ComputeDevice parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "cpu" -> CPU;
                case "gpu", "cuda" -> GPU;
                default -> throw new IllegalArgumentException("device must be cpu or gpu, not " + s);
            };
        }
    }

    public InferenceOptions {
        if (tileSize < 16) {
            throw new IllegalArgumentException("tile size must be >= 16, not " + tileSize);
        }
        if (overlap < 0 || overlap > tileSize / 2) {
            throw new IllegalArgumentException("overlap must be in [0, tile/2], not " + overlap);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, not " + batchSize);
        }
        Objects.requireNonNull(precision, "precision");
        Objects.requireNonNull(device, "device");
    }

    /** 512-pixel tiles with 32 pixels overlap, 4 tiles a batch, fp32 on the CPU. */
    public static InferenceOptions defaults() {
        return new InferenceOptions(512, 32, 4, Precision.FP32, ComputeDevice.CPU);
    }

    /** How frames are tiled and computed, as recorded in derived instances: "tile 512 overlap 32 batch 4 fp32". */
    public String describe() {
        return "tile " + tileSize + " overlap " + overlap + " batch " + batchSize + " "
                + precision.name().toLowerCase(Locale.ROOT);
    }

    public InferenceOptions withPrecision(Precision p) {
        return new InferenceOptions(tileSize, overlap, batchSize, p, device);
    }

    public InferenceOptions withTiling(int tile, int overlapPx) {
        return new InferenceOptions(tile, overlapPx, batchSize, precision, device);
    }

    public InferenceOptions withBatchSize(int batch) {
        return new InferenceOptions(tileSize, overlap, batch, precision, device);
    }

    public InferenceOptions withDevice(ComputeDevice d) {
        return new InferenceOptions(tileSize, overlap, batchSize, precision, d);
    }
}
