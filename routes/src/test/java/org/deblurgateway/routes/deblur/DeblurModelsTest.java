package org.deblurgateway.routes.deblur;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.deblurgateway.model.inference.CpuFeatures;
import org.deblurgateway.model.inference.InferenceOptions.ComputeDevice;
import org.deblurgateway.model.inference.InferenceOptions.Precision;
import org.junit.jupiter.api.Test;

/** gateway.deblur.precision as the process applies it: bf16 only where the CPU computes it natively. */
class DeblurModelsTest {

    private static final CpuFeatures AVX2_ONLY = new CpuFeatures("AMD EPYC", Set.of("avx", "avx2", "fma"));
    private static final CpuFeatures WITH_BF16 = new CpuFeatures("Xeon", Set.of("avx2", "avx512f", "avx512_bf16"));

    @Test
    void bf16AskedFor_onCpuWithoutNativeBf16_runsFp32() {
        try (Closing models = new Closing(new DeblurModels(config(ComputeDevice.CPU, Precision.BF16), AVX2_ONLY))) {
            assertEquals(Precision.FP32, models.get().options().precision());
        }
    }

    @Test
    void bf16AskedFor_whereTheCpuHasIt_orOnGpu_isKept() {
        try (Closing cpu = new Closing(new DeblurModels(config(ComputeDevice.CPU, Precision.BF16), WITH_BF16));
                Closing gpu = new Closing(new DeblurModels(config(ComputeDevice.GPU, Precision.BF16), AVX2_ONLY))) {
            assertEquals(Precision.BF16, cpu.get().options().precision());
            assertEquals(Precision.BF16, gpu.get().options().precision());
        }
    }

    /** Only the keys DeblurModels reads; nothing is loaded until a model is asked for. */
    private static DeblurConfig config(ComputeDevice device, Precision precision) {
        Map<String, Object> values = Map.of(
                "device",
                device,
                "precision",
                precision,
                "threads",
                1,
                "tileSize",
                512,
                "tileOverlap",
                32,
                "tileBatch",
                4,
                "weightsDir",
                Optional.of(Path.of("absent")));
        return (DeblurConfig) Proxy.newProxyInstance(
                DeblurConfig.class.getClassLoader(), new Class<?>[] {DeblurConfig.class}, (proxy, method, args) -> {
                    Object v = values.get(method.getName());
                    if (v == null) {
                        throw new UnsupportedOperationException("DeblurModels does not read " + method.getName());
                    }
                    return v;
                });
    }

    private record Closing(DeblurModels get) implements AutoCloseable {
        @Override
        public void close() {
            get.close();
        }
    }
}
