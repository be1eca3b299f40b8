package org.deblurgateway.model.imageio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.deblurgateway.model.image.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFilesTest {

    @TempDir
    Path dir;

    @Test
    void png8BitGrey_writeThenRead_roundTripsExactly() throws IOException {
        Frame f = frame(37, 23, 1, 8);
        Path p = dir.resolve("grey.png");
        ImageFiles.write(f, p);
        assertFrameEquals(f, ImageFiles.read(p));
    }

    @Test
    void png8BitRgb_writeThenRead_roundTripsExactly() throws IOException {
        Frame f = frame(41, 29, 3, 8);
        Path p = dir.resolve("rgb.png");
        ImageFiles.write(f, p);
        assertFrameEquals(f, ImageFiles.read(p));
    }

    @Test
    void png16BitGrey_writeThenRead_keepsAllSixteenBits() throws IOException {
        Frame f = frame(33, 17, 1, 16);
        assertTrue(Arrays.stream(f.samples()).max().getAsInt() > 32767, "fixture must use the top bit");
        Path p = dir.resolve("deep.png");
        ImageFiles.write(f, p);
        assertFrameEquals(f, ImageFiles.read(p));
    }

    @Test
    void png16BitRgb_writeThenRead_roundTripsExactly() throws IOException {
        Frame f = frame(19, 11, 3, 16);
        Path p = dir.resolve("deep-rgb.png");
        ImageFiles.write(f, p);
        assertFrameEquals(f, ImageFiles.read(p));
    }

    @Test
    void png12BitFrame_write_storesSixteenBitPngWithSameValues() throws IOException {
        Frame f = frame(16, 16, 1, 12);
        Path p = dir.resolve("twelve.png");
        ImageFiles.write(f, p);
        Frame back = ImageFiles.read(p);
        assertEquals(16, back.bitsStored());
        assertArrayEquals(f.samples(), back.samples());
    }

    @Test
    void pngRgba_read_dropsAlpha() throws IOException {
        BufferedImage img = new BufferedImage(4, 3, BufferedImage.TYPE_INT_ARGB);
        img.setRGB(1, 2, 0x80_11_22_33);
        Path p = dir.resolve("rgba.png");
        ImageIO.write(img, "png", p.toFile());
        Frame f = ImageFiles.read(p);
        assertEquals(3, f.channels());
        assertEquals(8, f.bitsStored());
        assertEquals(0x11, f.sample(1, 2, 0));
        assertEquals(0x22, f.sample(1, 2, 1));
        assertEquals(0x33, f.sample(1, 2, 2));
    }

    @Test
    void pngGreyPalette_read_givesOneChannel() throws IOException {
        byte[] grey = {0, (byte) 128, (byte) 255};
        IndexColorModel icm = new IndexColorModel(8, 3, grey, grey, grey);
        BufferedImage img = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_INDEXED, icm);
        img.getRaster().setSample(2, 1, 0, 1);
        Path p = dir.resolve("palette.png");
        ImageIO.write(img, "png", p.toFile());
        Frame f = ImageFiles.read(p);
        assertEquals(1, f.channels());
        assertEquals(128, f.sample(2, 1, 0));
        assertEquals(0, f.sample(0, 0, 0));
    }

    @Test
    void jpegRgb_writeThenRead_isCloseButLossy() throws IOException {
        Frame f = smooth(64, 48, 3);
        Path p = dir.resolve("photo.jpg");
        ImageFiles.write(f, p);
        Frame back = ImageFiles.read(p);
        assertEquals(3, back.channels());
        assertEquals(8, back.bitsStored());
        assertTrue(meanAbsoluteDifference(f, back) < 1.5, "quality 95 keeps a smooth image within ~1 level");
    }

    @Test
    void jpegGrey_writeThenRead_staysGrey() throws IOException {
        Frame f = smooth(40, 30, 1);
        Path p = dir.resolve("grey.jpeg");
        ImageFiles.write(f, p);
        Frame back = ImageFiles.read(p);
        assertEquals(1, back.channels());
        assertTrue(meanAbsoluteDifference(f, back) < 1.5);
    }

    @Test
    void write_sixteenBitAsJpeg_throwsAndLeavesNoFile() {
        Path p = dir.resolve("deep.jpg");
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> ImageFiles.write(frame(8, 8, 1, 16), p));
        assertTrue(e.getMessage().contains("PNG"), e.getMessage());
        assertTrue(Files.notExists(p));
    }

    @Test
    void write_signedFrame_throws() {
        Frame signed = new Frame(2, 1, 1, 16, true, new int[] {-5, 7});
        assertThrows(IllegalArgumentException.class, () -> ImageFiles.write(signed, dir.resolve("s.png")));
    }

    @Test
    void write_sampleAboveBitDepth_throwsAndLeavesNothingBehind() throws IOException {
        Frame bad = new Frame(2, 1, 1, 8, false, new int[] {0, 300});
        assertThrows(IllegalArgumentException.class, () -> ImageFiles.write(bad, dir.resolve("bad.png")));
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(0, left.count(), "no temporary or partial file may remain");
        }
    }

    @Test
    void read_truncatedPng_throwsIoException() throws IOException {
        Path p = dir.resolve("whole.png");
        ImageFiles.write(frame(64, 64, 3, 8), p);
        byte[] bytes = Files.readAllBytes(p);
        Path cut = dir.resolve("cut.png");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
        assertThrows(IOException.class, () -> ImageFiles.read(cut));
    }

    @Test
    void read_textFile_throwsClearIoException() throws IOException {
        Path p = dir.resolve("notes.png");
        Files.writeString(p, "not an image");
        IOException e = assertThrows(IOException.class, () -> ImageFiles.read(p));
        assertTrue(e.getMessage().contains("not a PNG or JPEG"), e.getMessage());
    }

    @Test
    void read_missingFile_throws() {
        assertThrows(IOException.class, () -> ImageFiles.read(dir.resolve("absent.png")));
    }

    @Test
    void format_unknownExtension_throws() {
        assertEquals(ImageFormat.JPEG, ImageFormat.of(Path.of("a/B.JPG")));
        assertThrows(IllegalArgumentException.class, () -> ImageFormat.of(Path.of("x.tif")));
    }

    /** Deterministic samples spanning the bit depth. */
    static Frame frame(int w, int h, int c, int bits) {
        int max = (1 << bits) - 1;
        int[] s = new int[w * h * c];
        long state = 12345;
        for (int i = 0; i < s.length; i++) {
            state = state * 6364136223846793005L + 1442695040888963407L;
            s[i] = (int) ((state >>> 33) % (max + 1));
        }
        s[0] = 0;
        s[s.length - 1] = max;
        return new Frame(w, h, c, bits, false, s);
    }

    private static Frame smooth(int w, int h, int c) {
        int[] s = new int[w * h * c];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int k = 0; k < c; k++) {
                    s[(y * w + x) * c + k] = (int) (128 + 90 * Math.sin(x / 9.0 + k) * Math.cos(y / 7.0));
                }
            }
        }
        return new Frame(w, h, c, 8, false, s);
    }

    private static double meanAbsoluteDifference(Frame a, Frame b) {
        double sum = 0;
        for (int i = 0; i < a.samples().length; i++) {
            sum += Math.abs(a.samples()[i] - b.samples()[i]);
        }
        return sum / a.samples().length;
    }

    static void assertFrameEquals(Frame expected, Frame actual) {
        assertEquals(expected.width(), actual.width());
        assertEquals(expected.height(), actual.height());
        assertEquals(expected.channels(), actual.channels());
        assertEquals(expected.bitsStored(), actual.bitsStored());
        assertEquals(expected.signed(), actual.signed());
        assertArrayEquals(expected.samples(), actual.samples());
    }
}
