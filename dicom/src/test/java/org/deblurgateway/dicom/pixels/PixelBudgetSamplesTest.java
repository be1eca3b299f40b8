package org.deblurgateway.dicom.pixels;

import static org.deblurgateway.testsupport.SopClasses.SECONDARY_CAPTURE;
import static org.deblurgateway.testsupport.TransferSyntaxUids.EXPLICIT_LE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.AttributeList;
import java.nio.file.Path;
import java.time.Duration;
import org.deblurgateway.testsupport.SyntheticObjects;
import org.deblurgateway.testsupport.SyntheticObjects.Spec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pixel budgets bound the memory of decoding, so they count samples: an RGB pixel costs three times a grey one
 * (the frames, the network's input and its output all hold every sample).
 */
class PixelBudgetSamplesTest {

    private static final PixelLimits LIMITS = new PixelLimits(10_000, 50_000, Duration.ofSeconds(30));

    @TempDir
    Path work;

    @Test
    void decode_rgbFrameWithinPixelsButOverSamples_isOverPixelBudget() throws Exception {
        // 60 x 60 = 3,600 pixels, 10,800 samples: within a 10,000 budget only if samples are not counted.
        PixelDecoding rgb = decode(Spec.colour("RGB", 60, 60, 1, 8, 0));
        PassThrough passThrough = assertInstanceOf(PassThrough.class, rgb, () -> "RGB over the sample budget");
        assertEquals(PassThroughReason.OVER_PIXEL_BUDGET, passThrough.reason());
        assertTrue(passThrough.detail().contains("10800 samples"), passThrough.detail());
        assertInstanceOf(DecodedImage.class, decode(Spec.grey("MONOCHROME2", 60, 60, 1, 8, 8, 7, false)));
    }

    @Test
    void decode_rgbInstanceOverSamples_isOverPixelBudget() throws Exception {
        // 50 x 50 RGB is 7,500 samples a frame: 5 frames (37,500) fit a 50,000 budget, 7 (52,500) do not.
        PassThrough passThrough = assertInstanceOf(PassThrough.class, decode(Spec.colour("RGB", 50, 50, 7, 8, 0)));
        assertEquals(PassThroughReason.OVER_PIXEL_BUDGET, passThrough.reason());
        assertTrue(passThrough.detail().contains("instance budget"), passThrough.detail());
        assertInstanceOf(DecodedImage.class, decode(Spec.colour("RGB", 50, 50, 5, 8, 0)));
    }

    private PixelDecoding decode(Spec spec) throws Exception {
        AttributeList list = SyntheticObjects.withCells(
                SyntheticObjects.image(SECONDARY_CAPTURE, spec),
                spec.bitsAllocated(),
                new int[spec.cellsPerFrame() * spec.frames()]);
        Path file = SyntheticObjects.write(list, work.resolve("o" + System.nanoTime() + ".dcm"), EXPLICIT_LE);
        return new PixelDecoder(LIMITS, work.resolve("scratch")).decode(file);
    }
}
