package org.deblurgateway.gateway.console.viewer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.deblurgateway.dicom.derived.DerivedInstance;
import org.deblurgateway.dicom.derived.DerivedInstanceWriter;
import org.deblurgateway.dicom.derived.DerivedSeriesSettings;
import org.deblurgateway.dicom.derived.Provenance;
import org.deblurgateway.dicom.pixels.DecodedImage;
import org.deblurgateway.dicom.pixels.FrameSupplier;
import org.deblurgateway.dicom.pixels.PixelDecoder;
import org.deblurgateway.dicom.pixels.PixelLimits;
import org.deblurgateway.model.image.Frame;
import org.deblurgateway.testsupport.SyntheticSources;

/**
 * Source objects (test-support's synthetic modalities) and derived instances written from them by the pipeline's own
 * {@link DerivedInstanceWriter}, with frames changed in a known way (every sample + 1 within the stored range).
 */
final class PreviewPairs {

    record Pair(Path source, DerivedInstance derived, DecodedImage sourceImage) {}

    static PixelDecoder decoder(Path scratch) {
        return new PixelDecoder(new PixelLimits(36_000_000L, 268_435_456L, Duration.ofSeconds(60)), scratch);
    }

    static Pair write(Path dir, SyntheticSources.Spec spec, PixelDecoder decoder) throws IOException {
        Path sourceDir = Files.createDirectories(dir.resolve("source"));
        Path source = SyntheticSources.write(sourceDir, spec);
        DecodedImage image = (DecodedImage) decoder.decode(source);
        FrameSupplier changed = new FrameSupplier() {
            @Override
            public int frameCount() {
                return image.frames().frameCount();
            }

            @Override
            public Frame frame(int index) throws IOException {
                return plusOne(image.frames().frame(index));
            }
        };
        DerivedInstanceWriter writer = new DerivedInstanceWriter(
                new DerivedSeriesSettings(" DEBLURRED", 1000, "RESEARCH", "Deblur Gateway Project", "test"));
        DerivedInstance derived = writer.write(
                source,
                image.layout(),
                changed,
                new Provenance(
                        "rdsam-lite",
                        "1.0",
                        "0".repeat(64),
                        "CPU",
                        "",
                        0.5,
                        0.4,
                        10,
                        Instant.parse("2026-12-06T10:00:00Z")),
                Files.createDirectories(dir.resolve("derived")));
        return new Pair(source, derived, image);
    }

    static Frame plusOne(Frame frame) {
        int[] samples = frame.samples().clone();
        for (int i = 0; i < samples.length; i++) {
            samples[i] = Math.min(frame.maxValue(), samples[i] + 1);
        }
        return new Frame(frame.width(), frame.height(), frame.channels(), frame.bitsStored(), frame.signed(), samples);
    }

    private PreviewPairs() {}
}
