package org.deblurgateway.dicom.pixels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deblurgateway.testsupport.RawObjects;
import org.deblurgateway.testsupport.SopClasses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression for the pixel decoder's last fuzz crashes (cases 169, 5413, 5581 of bench/results/fuzz-pixels-after-fix.md:
 * OutOfMemoryError inside PixelMed for (0000,00CD), (CD00,0000), (0000,CD00)): a stray command element (group 0000)
 * without a VR in an explicit VR data set, which PixelMed reads as an implicit VR element. The check of declared
 * lengths gave up at such an element and handed the file to PixelMed unchecked, so one whose 32-bit length lies had
 * PixelMed allocate it. Now the walk reads it as PixelMed does and checks its length like any other. Try-it uploads
 * and {@code bin/deblur} reach the decoder without the listener's receipt check, which refuses such objects.
 */
class PixelDecoderStrayCommandElementTest {

    /**
     * (0000,00CD) with two zero bytes for its VR, which PixelMed reads as UN: two reserved bytes, then a 32-bit
     * length, here about 200 MB in a file of a few hundred bytes (the shape of fuzz case 169).
     */
    private static final byte[] LYING_STRAY_ELEMENT = {0x00, 0x00, (byte) 0xCD, 0x00, 0, 0, 0, 0, 0x04, 0, 0, 0x0C};

    @TempDir
    Path work;

    /**
     * A 16x16 secondary capture with {@code stray} after its pixel data, where the fuzz cases had it: the header
     * read stops at the pixel data and never sees it, so only the check of declared lengths stands before PixelMed.
     */
    private Path withStrayElement(String name, byte[] stray) throws Exception {
        Path plain = RawObjects.secondaryCapture(work.resolve("plain-" + name), "2.25.779");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(Files.readAllBytes(plain));
        out.writeBytes(stray);
        return Files.write(work.resolve(name), out.toByteArray());
    }

    @Test
    void decode_strayCommandElementWhoseLengthLies_passesThroughWithoutAllocatingIt() throws Exception {
        Path file = withStrayElement("lie.dcm", LYING_STRAY_ELEMENT);
        PixelDecoding decoding = FrugalDecode.decode(file, work.resolve("scratch"));
        PassThrough pass = assertInstanceOf(PassThrough.class, decoding);
        assertEquals(PassThroughReason.UNSUPPORTED_PIXEL_FORMAT, pass.reason());
        assertTrue(pass.detail().contains("past the end of the file"), pass.detail());
    }

    @Test
    void decode_bareDataSetWithLyingStrayCommandElement_passesThroughWithoutPixelMedAllocatingIt() throws Exception {
        // A bare data set (no "DICM"): PixelMed itself parses everything before the pixel data, this element too.
        byte[] dataSet = RawObjects.dataSet(SopClasses.SECONDARY_CAPTURE, "2.25.780");
        int pixels = dataSet.length - 12 - 16; // the OB pixel element: 12-byte header, 16 bytes of pixels
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(dataSet, 0, pixels);
        out.writeBytes(LYING_STRAY_ELEMENT);
        out.write(dataSet, pixels, dataSet.length - pixels);
        Path file = Files.write(work.resolve("bare.dcm"), out.toByteArray());
        PassThrough pass = assertInstanceOf(PassThrough.class, FrugalDecode.decode(file, work.resolve("scratch")));
        assertEquals(PassThroughReason.UNSUPPORTED_PIXEL_FORMAT, pass.reason());
        assertTrue(pass.detail().contains("past the end of the file"), pass.detail());
    }

    @Test
    void decode_strayCommandElementWithTrueLength_stillDecodes() throws Exception {
        // (0000,0000) UL 4, implicitly encoded, as some real-world files carry it.
        Path file = withStrayElement("stray.dcm", new byte[] {0, 0, 0, 0, 4, 0, 0, 0, 0x10, 0, 0, 0});
        DecodedImage image = assertInstanceOf(DecodedImage.class, FrugalDecode.decode(file, work.resolve("scratch")));
        assertEquals(16, image.frames().frame(0).width());
    }
}
