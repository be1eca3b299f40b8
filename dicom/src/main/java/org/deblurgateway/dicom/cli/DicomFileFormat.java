package org.deblurgateway.dicom.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.deblurgateway.dicom.derived.DerivedInstance;
import org.deblurgateway.dicom.derived.DerivedInstanceWriter;
import org.deblurgateway.dicom.derived.DerivedSeriesSettings;
import org.deblurgateway.dicom.derived.Provenance;
import org.deblurgateway.dicom.pixels.DecodedImage;
import org.deblurgateway.dicom.pixels.FrameSupplier;
import org.deblurgateway.dicom.pixels.PassThrough;
import org.deblurgateway.dicom.pixels.PixelDecoder;
import org.deblurgateway.dicom.pixels.PixelDecoding;
import org.deblurgateway.dicom.pixels.PixelLayout;
import org.deblurgateway.dicom.pixels.PixelLimits;
import org.deblurgateway.model.cli.DeblurFileFormat;
import org.deblurgateway.model.image.Frame;
import org.deblurgateway.model.inference.Deblurrer;
import org.deblurgateway.model.inference.ScoredDeblur;

/**
 * {@code deblur run IN.dcm OUT.dcm}: the gateway's deblur action on one file, without broker or network peers. OUT is
 * the derived instance the gateway would forward (same UIDs, tags and private block).
 */
public final class DicomFileFormat implements DeblurFileFormat {

    /** Part 10 files carry "DICM" after a 128-byte preamble. */
    @Override
    public boolean accepts(Path in) throws IOException {
        if (!Files.isRegularFile(in) || Files.size(in) < 132) {
            return false;
        }
        try (InputStream stream = Files.newInputStream(in)) {
            byte[] head = stream.readNBytes(132);
            return "DICM".equals(new String(head, 128, 4, StandardCharsets.US_ASCII));
        }
    }

    @Override
    public String deblur(Path in, Path out, Deblurrer deblurrer) throws IOException {
        // Next to OUT, so the finished file appears there by an atomic rename, never half-written.
        Path scratch = Files.createTempDirectory(out.toAbsolutePath().getParent(), ".deblur-");
        try {
            PixelDecoder decoder =
                    new PixelDecoder(new PixelLimits(36_000_000L, 268_435_456L, Duration.ofSeconds(120)), scratch);
            PixelDecoding decoding = decoder.decode(in);
            if (decoding instanceof PassThrough passThrough) {
                throw new IOException(in + " is not deblurred: " + passThrough);
            }
            PixelLayout layout = ((DecodedImage) decoding).layout();
            FrameSupplier source = ((DecodedImage) decoding).frames();
            boolean invert = "MONOCHROME1".equals(layout.photometric());
            List<Frame> frames = new ArrayList<>();
            double scoreIn = 0;
            double scoreOut = 0;
            long millis = 0;
            for (int i = 0; i < source.frameCount(); i++) {
                ScoredDeblur result = ScoredDeblur.of(deblurrer, source.frame(i), invert);
                frames.add(result.frame());
                scoreIn += result.inputBlurScore();
                scoreOut += result.outputBlurScore();
                millis += result.millis();
            }
            int n = frames.size();
            String weightsFile = deblurrer.options().precision().weightsFile();
            Provenance provenance = new Provenance(
                    deblurrer.card().id(),
                    deblurrer.card().version(),
                    deblurrer.card().sha256Of(weightsFile).orElse(""),
                    deblurrer.options().device().name(),
                    deblurrer.options().describe(),
                    scoreIn / n,
                    scoreOut / n,
                    millis,
                    Instant.now());
            DerivedInstanceWriter writer = new DerivedInstanceWriter(
                    new DerivedSeriesSettings(" DEBLURRED", 1000, "RESEARCH", "Deblur Gateway project", "cli"));
            DerivedInstance derived = writer.write(
                    in,
                    layout,
                    new FrameSupplier() {
                        @Override
                        public int frameCount() {
                            return n;
                        }

                        @Override
                        public Frame frame(int index) {
                            return frames.get(index);
                        }
                    },
                    provenance,
                    Files.createDirectories(scratch.resolve("derived")));
            Files.move(derived.file(), out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return String.format(
                    Locale.ROOT,
                    "%s -> %s (%s, %s %dx%d x%d frame(s), %d-bit, blur score %.3f -> %.3f, "
                            + "%d ms; derived SOP Instance UID %s)",
                    in,
                    out,
                    deblurrer.card().id(),
                    layout.photometric(),
                    layout.columns(),
                    layout.rows(),
                    n,
                    layout.bitsStored(),
                    provenance.inputBlurScore(),
                    provenance.outputBlurScore(),
                    millis,
                    derived.sopInstanceUid());
        } finally {
            try (Stream<Path> walk = Files.walk(scratch)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
