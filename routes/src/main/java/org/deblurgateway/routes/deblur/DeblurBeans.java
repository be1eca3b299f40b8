package org.deblurgateway.routes.deblur;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deblurgateway.dicom.derived.DerivedInstanceWriter;
import org.deblurgateway.dicom.derived.DerivedSeriesSettings;
import org.deblurgateway.dicom.pixels.PixelDecoder;
import org.deblurgateway.dicom.pixels.PixelLimits;
import org.deblurgateway.routes.spool.DataDir;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Builds the deblur services from configuration. */
@ApplicationScoped
public class DeblurBeans {

    @Produces
    @Singleton
    PixelDecoder pixelDecoder(DeblurConfig config, DataDir dataDir) {
        Path scratch = dataDir.decodeScratch();
        try {
            Files.createDirectories(scratch);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + scratch, e);
        }
        return new PixelDecoder(
                new PixelLimits(config.maxFramePixels(), config.maxInstancePixels(), config.decoderTimeout()), scratch);
    }

    @Produces
    @Singleton
    DeblurJobStore jobStore(DataDir dataDir) {
        return new DeblurJobStore(dataDir);
    }

    @Produces
    @Singleton
    DerivedInstanceWriter derivedInstanceWriter(
            DeblurConfig config,
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String version) {
        return new DerivedInstanceWriter(new DerivedSeriesSettings(
                config.seriesDescriptionSuffix(),
                config.seriesNumberOffset(),
                config.contentQualification().name(),
                config.manufacturer(),
                version));
    }
}
