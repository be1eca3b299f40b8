package org.deblurgateway.dicom.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;
import org.deblurgateway.dicom.TransferSyntaxes;
import org.deblurgateway.dicom.pixels.DecodedImage;
import org.deblurgateway.dicom.pixels.FrameSupplier;
import org.deblurgateway.dicom.pixels.PassThrough;
import org.deblurgateway.dicom.pixels.PixelDecoder;
import org.deblurgateway.dicom.pixels.PixelDecoders;
import org.deblurgateway.dicom.pixels.PixelDecoding;
import org.deblurgateway.dicom.pixels.PixelLimits;

/**
 * The pixel decoder ({@link PixelDecoder}) on a mutated Part 10 file, in process, and the first and last frame it
 * offers. Documented answers: frames, or a pass-through with its reason. Compressed objects reach the external
 * decoders (gdcmconv, dcmtk) only in one case of {@code externalEvery} so that tool starts do not dominate the run;
 * the others pass through as undecodable without a tool.
 */
final class PixelDecoderTarget implements FuzzTarget {

    private final Path file;
    private final PixelDecoder withTools;
    private final PixelDecoder withoutTools;
    private final int externalEvery;
    private long compressedCases;
    private long toolCases;

    PixelDecoderTarget(Path scratch, int externalEvery) throws IOException {
        Files.createDirectories(scratch);
        this.file = scratch.resolve("pixel-case.dcm");
        // The gateway's own budgets; a short tool limit bounds a case that reaches gdcmconv.
        PixelLimits limits = new PixelLimits(36_000_000L, 268_435_456L, Duration.ofSeconds(10));
        this.withTools = new PixelDecoder(limits, scratch.resolve("decoders"));
        this.withoutTools = PixelDecoders.withoutExternalDecoders(limits, scratch.resolve("decoders"));
        this.externalEvery = externalEvery;
    }

    @Override
    public String name() {
        return "pixel-decoder";
    }

    @Override
    public FuzzInput input(Seeds.Seed seed, Seeds.Seed partner, SplittableRandom random) {
        // Mostly behind the meta header, where the image lives; sometimes in it, as the transfer syntax matters.
        int from = random.nextInt(4) == 0 ? 0 : seed.dataSetOffset();
        Mutator.Mutated m = Mutator.mutate(seed.file(), partner.file(), from, random);
        return new FuzzInput(seed, "file", m.bytes(), seed.transferSyntax(), m.steps());
    }

    @Override
    public CaseResult run(FuzzInput input) throws IOException {
        Files.write(file, input.bytes());
        PixelDecoder decoder = withoutTools;
        if (!TransferSyntaxes.isNative(input.transferSyntax()) && compressedCases++ % externalEvery == 0) {
            decoder = withTools;
            toolCases++;
        }
        PixelDecoding decoding = decoder.decode(file);
        if (decoding instanceof PassThrough pass) {
            return CaseResult.refused("pass-through " + pass.reason().code());
        }
        FrameSupplier frames = ((DecodedImage) decoding).frames();
        int count = frames.frameCount();
        frames.frame(0);
        if (count > 1) {
            frames.frame(count - 1);
        }
        return CaseResult.accepted(decoder == withTools ? "decoded (external tool)" : "decoded");
    }

    /** Cases whose compressed pixel data went to the external decoders. */
    long toolCases() {
        return toolCases;
    }
}
