package org.deblurgateway.dicom.pixels;

import static org.deblurgateway.testsupport.SopClasses.CT_IMAGE;
import static org.deblurgateway.testsupport.SopClasses.SECONDARY_CAPTURE;
import static org.deblurgateway.testsupport.TransferSyntaxUids.DEFLATED_LE;
import static org.deblurgateway.testsupport.TransferSyntaxUids.EXPLICIT_BE;
import static org.deblurgateway.testsupport.TransferSyntaxUids.EXPLICIT_LE;
import static org.deblurgateway.testsupport.TransferSyntaxUids.IMPLICIT_LE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.deblurgateway.model.image.Frame;
import org.deblurgateway.testsupport.SyntheticObjects;
import org.deblurgateway.testsupport.SyntheticObjects.Spec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Native (uncompressed) pixel layouts: synthetic objects with known cells decode to known frames. */
class PixelDecoderNativeTest {

    private static final PixelLimits LIMITS = new PixelLimits(1_000_000, 10_000_000, Duration.ofSeconds(30));

    @TempDir
    Path work;

    private DecodedImage decode(AttributeList list, String transferSyntax) throws Exception {
        Path file = SyntheticObjects.write(list, work.resolve("object-" + System.nanoTime() + ".dcm"), transferSyntax);
        PixelDecoding result = new PixelDecoder(LIMITS, work.resolve("scratch")).decode(file);
        return assertInstanceOf(DecodedImage.class, result, () -> "expected frames, got " + result);
    }

    private static int[] frameCells(int[] cells, int frame, int perFrame) {
        return Arrays.copyOfRange(cells, frame * perFrame, (frame + 1) * perFrame);
    }

    @Test
    void decode_monochrome2EightBitMultiFrame_givesEachFrameItsStoredValues() throws Exception {
        Spec spec = Spec.grey("MONOCHROME2", 4, 5, 3, 8, 8, 7, false);
        int[] cells = new int[spec.cellsPerFrame() * 3];
        for (int i = 0; i < cells.length; i++) {
            cells[i] = (i * 37 + 11) & 0xFF;
        }
        DecodedImage image = decode(
                SyntheticObjects.withCells(SyntheticObjects.image(SECONDARY_CAPTURE, spec), 8, cells), EXPLICIT_LE);

        assertEquals(new PixelLayout("MONOCHROME2", 4, 5, 3, 8, 8, false, false, PixelDecoder.NATIVE), image.layout());
        assertEquals(3, image.frames().frameCount());
        for (int f = 0; f < 3; f++) {
            Frame frame = image.frames().frame(f);
            assertEquals(5, frame.width());
            assertEquals(4, frame.height());
            assertEquals(1, frame.channels());
            assertArrayEquals(frameCells(cells, f, spec.cellsPerFrame()), frame.samples(), "frame " + f);
        }
        assertNotSame(
                image.frames().frame(1).samples(),
                image.frames().frame(1).samples(),
                "each call builds the frame afresh; nothing holds decoded ints");
    }

    @Test
    void decode_monochrome1TwelveOfSixteenBits_masksTheUnusedHighBits() throws Exception {
        Spec spec = Spec.grey("MONOCHROME1", 3, 3, 1, 16, 12, 11, false);
        int[] values = {0, 1, 2047, 2048, 4095, 3855, 100, 4000, 7};
        int[] cells = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            cells[i] = values[i] | ((i * 5 + 1) & 0xF) << 12; // garbage (overlay bits) above bit 11
        }
        DecodedImage image =
                decode(SyntheticObjects.withCells(SyntheticObjects.image(CT_IMAGE, spec), 16, cells), EXPLICIT_LE);

        assertEquals("MONOCHROME1", image.layout().photometric());
        assertEquals(12, image.layout().bitsStored());
        Frame frame = image.frames().frame(0);
        assertArrayEquals(values, frame.samples());
        assertEquals(12, frame.bitsStored());
        assertFalse(frame.signed());
    }

    @Test
    void decode_signedSixteenBits_keepsNegativeValues() throws Exception {
        Spec spec = Spec.grey("MONOCHROME2", 2, 3, 1, 16, 16, 15, true);
        int[] values = {-32768, -1024, -1, 0, 1023, 32767};
        DecodedImage image =
                decode(SyntheticObjects.withCells(SyntheticObjects.image(CT_IMAGE, spec), 16, values), EXPLICIT_LE);

        assertTrue(image.layout().signed());
        assertArrayEquals(values, image.frames().frame(0).samples());
        assertTrue(image.frames().frame(0).signed());
    }

    @Test
    void decode_signedTwelveOfSixteenBits_signExtendsFromBitsStored() throws Exception {
        // The dcm_qa_12bit case: 0x0F0F is -241 as a 12-bit value, 0xFFFF is -1; 0xA123 has garbage above bit 11.
        Spec spec = Spec.grey("MONOCHROME2", 1, 4, 1, 16, 12, 11, true);
        int[] cells = {0x0F0F, 0xFFFF, 0xA123, 0x0800};
        DecodedImage image =
                decode(SyntheticObjects.withCells(SyntheticObjects.image(CT_IMAGE, spec), 16, cells), EXPLICIT_LE);

        assertArrayEquals(
                new int[] {-241, -1, 0x123, -2048}, image.frames().frame(0).samples());
    }

    @Test
    void decode_highBitAboveBitsStoredMinusOne_shiftsDownAndMasks() throws Exception {
        int[] values = {0, 1, 2047, 4095, 1234};
        int[] signedValues = {0, 1, 2047, -1, -2048};
        for (boolean signed : new boolean[] {false, true}) {
            int[] expected = signed ? signedValues : values;
            // 12 bits stored in bits 2..13; bits 0-1 and 14-15 hold garbage.
            Spec spec = Spec.grey("MONOCHROME2", 1, 5, 1, 16, 12, 13, signed);
            int[] cells = new int[expected.length];
            for (int i = 0; i < expected.length; i++) {
                cells[i] = ((expected[i] & 0xFFF) << 2) | 0b11 | 0xC000;
            }
            DecodedImage image =
                    decode(SyntheticObjects.withCells(SyntheticObjects.image(CT_IMAGE, spec), 16, cells), EXPLICIT_LE);

            assertArrayEquals(expected, image.frames().frame(0).samples(), "signed=" + signed);
            assertEquals(12, image.layout().bitsStored());
        }
    }

    @Test
    void decode_rgbColourByPixelAndColourByPlane_giveTheSameFrame() throws Exception {
        int rows = 3;
        int columns = 4;
        int[] interleaved = new int[rows * columns * 3];
        for (int i = 0; i < interleaved.length; i++) {
            interleaved[i] = (i * 29 + 3) & 0xFF;
        }
        int[] planes = toPlanes(interleaved, rows * columns);

        DecodedImage byPixel = decode(
                SyntheticObjects.withCells(
                        SyntheticObjects.image(SECONDARY_CAPTURE, Spec.colour("RGB", rows, columns, 1, 8, 0)),
                        8,
                        interleaved),
                EXPLICIT_LE);
        DecodedImage byPlane = decode(
                SyntheticObjects.withCells(
                        SyntheticObjects.image(SECONDARY_CAPTURE, Spec.colour("RGB", rows, columns, 1, 8, 1)),
                        8,
                        planes),
                EXPLICIT_LE);

        assertEquals("RGB", byPixel.layout().photometric());
        assertEquals(3, byPixel.layout().channels());
        assertArrayEquals(interleaved, byPixel.frames().frame(0).samples());
        assertArrayEquals(interleaved, byPlane.frames().frame(0).samples());
        assertEquals(3, byPlane.frames().frame(0).channels());
    }

    @Test
    void decode_rgbSixteenBitsTwoFramesByPlane_keepsEveryFrame() throws Exception {
        int pixels = 2 * 2;
        int[] frame0 = {0, 1, 2, 65535, 40000, 3, 7, 8, 9, 10, 11, 12};
        int[] frame1 = {100, 200, 300, 400, 500, 600, 700, 800, 900, 1000, 1100, 1200};
        int[] cells = new int[24];
        System.arraycopy(toPlanes(frame0, pixels), 0, cells, 0, 12);
        System.arraycopy(toPlanes(frame1, pixels), 0, cells, 12, 12);
        DecodedImage image = decode(
                SyntheticObjects.withCells(
                        SyntheticObjects.image(SECONDARY_CAPTURE, Spec.colour("RGB", 2, 2, 2, 16, 1)), 16, cells),
                EXPLICIT_LE);

        assertEquals(16, image.layout().bitsStored());
        assertArrayEquals(frame0, image.frames().frame(0).samples());
        assertArrayEquals(frame1, image.frames().frame(1).samples());
    }

    @Test
    void decode_ybrFull_isConvertedToRgb() throws Exception {
        // (Y, Cb, Cr) -> (R, G, B) by PS3.3 C.7.6.3.1.2 (as pydicom's convert_color_space gives them).
        int[] ybr = {128, 128, 128, 255, 128, 128, 0, 128, 128, 76, 85, 255, 150, 44, 21, 29, 255, 107};
        int[] rgb = {128, 128, 128, 255, 255, 255, 0, 0, 0, 254, 0, 0, 0, 255, 1, 0, 0, 254};
        for (int planar = 0; planar <= 1; planar++) {
            int[] cells = planar == 0 ? ybr : toPlanes(ybr, 6);
            DecodedImage image = decode(
                    SyntheticObjects.withCells(
                            SyntheticObjects.image(SECONDARY_CAPTURE, Spec.colour("YBR_FULL", 2, 3, 1, 8, planar)),
                            8,
                            cells),
                    EXPLICIT_LE);

            assertEquals("RGB", image.layout().photometric());
            assertArrayEquals(rgb, image.frames().frame(0).samples(), "planar " + planar);
        }
    }

    @Test
    void decode_ybrFull422_sharesChromaWithinEachPixelPair() throws Exception {
        // Per pair of pixels: Y1 Y2 Cb Cr (PS3.3 C.7.6.3.1.2). Two rows of two pairs.
        int[] cells = {0, 255, 128, 128, 76, 150, 85, 255, 128, 128, 128, 128, 29, 29, 255, 107};
        int[] rgb = {0, 0, 0, 255, 255, 255, 254, 0, 0, 255, 74, 74, 128, 128, 128, 128, 128, 128, 0, 0, 254, 0, 0, 254
        };
        Spec spec = new Spec("YBR_FULL_422", 2, 4, 1, 3, 8, 8, 7, false, 0);
        DecodedImage image = decode(
                SyntheticObjects.withCells(SyntheticObjects.image(SECONDARY_CAPTURE, spec), 8, cells), EXPLICIT_LE);

        assertEquals("RGB", image.layout().photometric());
        assertArrayEquals(rgb, image.frames().frame(0).samples());
    }

    @Test
    void decode_everyNativeTransferSyntax_givesTheSameFrames() throws Exception {
        Spec grey = Spec.grey("MONOCHROME2", 3, 5, 2, 16, 16, 15, true);
        int[] greyCells = new int[grey.cellsPerFrame() * 2];
        for (int i = 0; i < greyCells.length; i++) {
            greyCells[i] = (i * 4099 - 30000) & 0xFFFF;
        }
        Spec rgb = Spec.colour("RGB", 3, 5, 1, 8, 0);
        int[] rgbCells = new int[rgb.cellsPerFrame()];
        for (int i = 0; i < rgbCells.length; i++) {
            rgbCells[i] = (i * 53 + 1) & 0xFF;
        }
        Spec grey8 = Spec.grey("MONOCHROME2", 3, 5, 1, 8, 8, 7, false); // odd length: padded
        int[] grey8Cells = Arrays.copyOf(rgbCells, grey8.cellsPerFrame());

        for (String transferSyntax : List.of(IMPLICIT_LE, EXPLICIT_LE, DEFLATED_LE, EXPLICIT_BE)) {
            DecodedImage g = decode(
                    SyntheticObjects.withCells(SyntheticObjects.image(CT_IMAGE, grey), 16, greyCells), transferSyntax);
            DecodedImage c = decode(
                    SyntheticObjects.withCells(SyntheticObjects.image(SECONDARY_CAPTURE, rgb), 8, rgbCells),
                    transferSyntax);
            DecodedImage g8 = decode(
                    SyntheticObjects.withCells(SyntheticObjects.image(SECONDARY_CAPTURE, grey8), 8, grey8Cells),
                    transferSyntax);

            for (int f = 0; f < 2; f++) {
                int[] expected = Arrays.stream(frameCells(greyCells, f, grey.cellsPerFrame()))
                        .map(v -> (short) v)
                        .toArray();
                assertArrayEquals(expected, g.frames().frame(f).samples(), transferSyntax + " grey frame " + f);
            }
            assertArrayEquals(rgbCells, c.frames().frame(0).samples(), transferSyntax + " rgb");
            assertArrayEquals(grey8Cells, g8.frames().frame(0).samples(), transferSyntax + " 8-bit grey");
        }
    }

    @Test
    void decode_eightBitCellsInAnOtherWordValue_unpacksLowByteFirst() throws Exception {
        Spec spec = Spec.grey("MONOCHROME2", 2, 3, 1, 8, 8, 7, false);
        int[] cells = {1, 2, 3, 250, 251, 252};
        for (String transferSyntax : List.of(EXPLICIT_LE, EXPLICIT_BE)) {
            DecodedImage image = decode(
                    SyntheticObjects.withByteCellsInWords(SyntheticObjects.image(SECONDARY_CAPTURE, spec), cells),
                    transferSyntax);

            assertArrayEquals(cells, image.frames().frame(0).samples(), transferSyntax);
        }
    }

    @Test
    void decode_lossyImageCompressionFlag_marksTheSourceLossy() throws Exception {
        Spec spec = Spec.grey("MONOCHROME2", 2, 2, 1, 8, 8, 7, false);
        AttributeList list =
                SyntheticObjects.withCells(SyntheticObjects.image(SECONDARY_CAPTURE, spec), 8, new int[] {1, 2, 3, 4});
        SyntheticObjects.put(list, TagFromName.LossyImageCompression, "01");

        assertTrue(decode(list, EXPLICIT_LE).layout().sourceLossy());
    }

    /** Colour-by-pixel samples rearranged colour-by-plane. */
    private static int[] toPlanes(int[] interleaved, int pixels) {
        int[] planes = new int[interleaved.length];
        for (int p = 0; p < pixels; p++) {
            for (int c = 0; c < 3; c++) {
                planes[c * pixels + p] = interleaved[p * 3 + c];
            }
        }
        return planes;
    }
}
