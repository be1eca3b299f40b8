package org.deblurgateway.gateway.console.tryit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Stream;
import org.deblurgateway.dicom.pixels.PixelDecoder;
import org.deblurgateway.dicom.pixels.PixelLimits;
import org.deblurgateway.model.image.Frame;
import org.deblurgateway.model.imageio.ImageFiles;
import org.deblurgateway.model.imageio.ImageFormat;
import org.deblurgateway.testsupport.SyntheticSources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Try it's upload decoding: PNG (8 and 16 bit), DICOM through the pipeline's decoder, and clear refusals. */
class UploadDecoderTest {

    @TempDir
    Path dir;

    private UploadDecoder decoder(long maxPixels) {
        return new UploadDecoder(
                new PixelDecoder(
                        new PixelLimits(36_000_000L, 268_435_456L, Duration.ofSeconds(60)), dir.resolve("decode")),
                dir.resolve("scratch"),
                maxPixels);
    }

    static byte[] png(Frame frame) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageFiles.write(frame, out, ImageFormat.PNG);
        return out.toByteArray();
    }

    static Frame ramp(int width, int height, int bits) {
        int[] samples = new int[width * height];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (i * 37) % (1 << bits);
        }
        return new Frame(width, height, 1, bits, false, samples);
    }

    @Test
    void png16_decodedInMemory_samplesKept() throws Exception {
        Frame frame = ramp(40, 30, 16);
        UploadedImage image = decoder(1_000_000).decode(png(frame), "x.png");
        assertEquals("PNG", image.kind());
        assertEquals(16, image.frame().bitsStored());
        assertArrayEquals(frame.samples(), image.frame().samples());
    }

    @Test
    void dicom_monochrome1_decodedAndScratchFileRemoved() throws Exception {
        Path source = SyntheticSources.write(dir, SyntheticSources.CR_MONO1_16);
        UploadedImage image = decoder(1_000_000).decode(Files.readAllBytes(source), "cr.dcm");
        assertEquals("DICOM", image.kind());
        assertTrue(image.invert(), "MONOCHROME1 goes to the network inverted");
        assertEquals(64, image.frame().width());
        try (Stream<Path> left = Files.list(dir.resolve("scratch"))) {
            assertEquals(0, left.count(), "the upload's scratch file is removed");
        }
    }

    @Test
    void textFile_415_saysWhatIsAccepted() {
        UploadRejected e = assertThrows(
                UploadRejected.class,
                () -> decoder(1_000_000).decode("hello".getBytes(StandardCharsets.UTF_8), "notes.txt"));
        assertEquals(415, e.status());
        assertEquals(
                "notes.txt is not a PNG, JPEG or DICOM file (DICOM needs its Part 10 header: 128 bytes, then "
                        + "\"DICM\")",
                e.getMessage());
    }

    @Test
    void truncatedPng_422_namesTheFile() throws Exception {
        byte[] whole = png(ramp(64, 64, 8));
        UploadRejected e = assertThrows(
                UploadRejected.class,
                () -> decoder(1_000_000).decode(Arrays.copyOf(whole, whole.length / 2), "cut.png"));
        assertEquals(422, e.status());
        assertTrue(e.getMessage().startsWith("cut.png "), e.getMessage());
    }

    @Test
    void dicomWithoutPixels_422_withThePassThroughReason() throws Exception {
        byte[] fake = new byte[200];
        System.arraycopy("DICM".getBytes(StandardCharsets.US_ASCII), 0, fake, 128, 4);
        UploadRejected e =
                assertThrows(UploadRejected.class, () -> decoder(1_000_000).decode(fake, "empty.dcm"));
        assertEquals(422, e.status());
        assertTrue(e.getMessage().startsWith("empty.dcm "), e.getMessage());
    }

    @Test
    void tooManyPixels_413_namesTheLimit() throws Exception {
        UploadRejected e =
                assertThrows(UploadRejected.class, () -> decoder(100).decode(png(ramp(20, 10, 8)), "big.png"));
        assertEquals(413, e.status());
        assertTrue(e.getMessage().contains("gateway.console.try-it.max-pixels"), e.getMessage());
    }

    @Test
    void empty_400() {
        UploadRejected e = assertThrows(UploadRejected.class, () -> decoder(100).decode(new byte[0], "none.png"));
        assertEquals(400, e.status());
    }
}
