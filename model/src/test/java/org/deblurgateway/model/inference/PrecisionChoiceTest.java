package org.deblurgateway.model.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.deblurgateway.model.inference.InferenceOptions.ComputeDevice;
import org.deblurgateway.model.inference.InferenceOptions.Precision;
import org.junit.jupiter.api.Test;

class PrecisionChoiceTest {

    /** Shortened from the /proc/cpuinfo of the two kinds of machine this project runs on. */
    private static final String AMD_AVX2 = """
            processor\t: 0
            vendor_id\t: AuthenticAMD
            model name\t: AMD EPYC
            flags\t\t: fpu vme sse sse2 avx f16c fma avx2 bmi2 sha_ni vaes

            processor\t: 1
            model name\t: AMD EPYC
            flags\t\t: fpu vme sse sse2 avx f16c fma avx2 bmi2 sha_ni vaes
            """;

    private static final String INTEL_BF16 = """
            processor\t: 0
            model name\t: Intel(R) Xeon(R) Platinum 8488C
            flags\t\t: fpu sse2 avx avx2 avx512f avx512bw avx512_vnni avx512_bf16 amx_bf16 amx_tile
            """;

    @Test
    void parse_readsModelNameAndFlagsOfTheFirstProcessor() {
        CpuFeatures amd = CpuFeatures.parse(AMD_AVX2);
        assertEquals("AMD EPYC", amd.modelName());
        assertTrue(amd.flags().contains("avx2"));
        assertFalse(amd.flags().contains("avx512_bf16"));
        assertFalse(amd.hasNativeBf16());
        assertTrue(CpuFeatures.parse(INTEL_BF16).hasNativeBf16());
        assertTrue(new CpuFeatures("x", Set.of("amx_bf16")).hasNativeBf16(), "AMX alone is native bf16");
        assertFalse(CpuFeatures.parse("").hasNativeBf16(), "no cpuinfo: no native bf16");
    }

    @Test
    void bf16OnCpuWithoutNativeBf16_runsFp32AndSaysWhy() {
        PrecisionChoice c = PrecisionChoice.of(Precision.BF16, ComputeDevice.CPU, CpuFeatures.parse(AMD_AVX2));
        assertEquals(Precision.FP32, c.precision());
        assertTrue(c.changed());
        assertTrue(c.reason().contains("AMD EPYC") && c.reason().contains("avx512_bf16"), c.reason());
    }

    @Test
    void bf16WhereItPays_andFp32_areKept() {
        assertEquals(
                new PrecisionChoice(Precision.BF16, ""),
                PrecisionChoice.of(Precision.BF16, ComputeDevice.CPU, CpuFeatures.parse(INTEL_BF16)));
        assertEquals(
                new PrecisionChoice(Precision.BF16, ""),
                PrecisionChoice.of(Precision.BF16, ComputeDevice.GPU, CpuFeatures.parse(AMD_AVX2)),
                "GPUs do bf16");
        assertEquals(
                new PrecisionChoice(Precision.FP32, ""),
                PrecisionChoice.of(Precision.FP32, ComputeDevice.CPU, CpuFeatures.parse(AMD_AVX2)));
    }

    @Test
    void current_readsThisMachine() {
        CpuFeatures here = CpuFeatures.current();
        assertFalse(here.modelName().isBlank());
        assertEquals(here.flags().contains("avx512_bf16") || here.flags().contains("amx_bf16"), here.hasNativeBf16());
    }
}
