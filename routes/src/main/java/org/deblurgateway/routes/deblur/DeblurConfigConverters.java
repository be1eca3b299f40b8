package org.deblurgateway.routes.deblur;

import org.deblurgateway.model.inference.InferenceOptions.ComputeDevice;
import org.deblurgateway.model.inference.InferenceOptions.Precision;
import org.eclipse.microprofile.config.spi.Converter;

/**
 * Converters of the {@link DeblurConfig} enums that accept exactly what the keys accepted as text: SmallRye's enum
 * conversion knows no aliases (cuda, float32, bfloat16) and does not trim.
 */
public final class DeblurConfigConverters {

    private DeblurConfigConverters() {}

    /** cpu or gpu (also cuda), any case: {@link ComputeDevice#parse}. */
    public static final class DeviceConverter implements Converter<ComputeDevice> {
        @Override
        public ComputeDevice convert(String value) {
            return ComputeDevice.parse(value);
        }
    }

    /** fp32 (also float32) or bf16 (also bfloat16), any case: {@link Precision#parse}. */
    public static final class PrecisionConverter implements Converter<Precision> {
        @Override
        public Precision convert(String value) {
            return Precision.parse(value);
        }
    }

    /** PRODUCT, RESEARCH or SERVICE, any case, blanks around ignored: {@link ContentQualification#parse}. */
    public static final class ContentQualificationConverter implements Converter<ContentQualification> {
        @Override
        public ContentQualification convert(String value) {
            return ContentQualification.parse(value);
        }
    }
}
