package org.deblurgateway.routes.deblur;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.deblurgateway.model.inference.InferenceOptions.ComputeDevice;
import org.deblurgateway.model.inference.InferenceOptions.Precision;
import org.junit.jupiter.api.Test;

/** The enum keys of gateway.deblur.* take exactly the values they took as text, aliases included. */
class DeblurConfigConvertersTest {

    @Test
    void device_cpuGpuAndCuda_anyCase() {
        DeblurConfigConverters.DeviceConverter converter = new DeblurConfigConverters.DeviceConverter();
        assertEquals(ComputeDevice.CPU, converter.convert("cpu"));
        assertEquals(ComputeDevice.GPU, converter.convert("GPU"));
        assertEquals(ComputeDevice.GPU, converter.convert("cuda"));
        assertThrows(IllegalArgumentException.class, () -> converter.convert("tpu"));
    }

    @Test
    void precision_withAliases_anyCase() {
        DeblurConfigConverters.PrecisionConverter converter = new DeblurConfigConverters.PrecisionConverter();
        assertEquals(Precision.FP32, converter.convert("fp32"));
        assertEquals(Precision.FP32, converter.convert("float32"));
        assertEquals(Precision.BF16, converter.convert("BF16"));
        assertEquals(Precision.BF16, converter.convert("bfloat16"));
        assertThrows(IllegalArgumentException.class, () -> converter.convert("fp16"));
    }

    @Test
    void contentQualification_blanksAndCaseIgnored() {
        DeblurConfigConverters.ContentQualificationConverter converter =
                new DeblurConfigConverters.ContentQualificationConverter();
        assertEquals(ContentQualification.RESEARCH, converter.convert("RESEARCH"));
        assertEquals(ContentQualification.PRODUCT, converter.convert(" product "));
        assertThrows(IllegalArgumentException.class, () -> converter.convert("CLINICAL"));
    }
}
