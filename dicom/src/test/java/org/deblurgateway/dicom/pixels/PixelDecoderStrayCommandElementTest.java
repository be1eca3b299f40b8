package org.deblurgateway.dicom.pixels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.deblurgateway.testsupport.RawObjects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression for the pixel decoder's last fuzz crashes: a stray command element (group 0000) without a VR inside an
 * explicit VR data set, which PixelMed reads as an implicit VR element. Its length was left unchecked (such elements
 * made the structure check give up and hand the file to PixelMed), so one whose 32-bit length lies had PixelMed
 * allocate it (fuzz cases 169, 5413, 5581: OutOfMemoryError for (0000,00CD), (CD00,0000) and (0000,CD00)). Try-it
 * uploads and {@code bin/deblur} reach the decoder without the listener's receipt check, which refuses them.
 */
class PixelDecoderStrayCommandElementTest {

    @TempDir
    Path work;

    private PixelDecoder decoder() {
        return new PixelDecoder(
                new PixelLimits(36_000_000L, 268_435_456L, Duration.ofSeconds(10)), work.resolve("scratch"), List.of());
    }

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
        // (0000,00CD), implicit VR: a 32-bit length of about 200 MB in a file of a few hundred bytes.
        Path file = withStrayElement("lie.dcm", new byte[] {0x00, 0x00, (byte) 0xCD, 0x00, 0x04, 0x00, 0x00, 0x0C});
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        PixelDecoding decoding = decoder().decode(file);
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        assertTrue(
                allocated < 64L * 1024 * 1024, "decoding a " + Files.size(file) + "-byte file allocated " + allocated);
        PassThrough pass = assertInstanceOf(PassThrough.class, decoding);
        assertEquals(PassThroughReason.UNSUPPORTED_PIXEL_FORMAT, pass.reason());
        assertTrue(pass.detail().contains("past the end of the file"), pass.detail());
    }

    @Test
    void decode_strayCommandElementWithTrueLength_stillDecodes() throws Exception {
        // (0000,0000) UL 4, implicitly encoded, as some real-world files carry it.
        Path file = withStrayElement("stray.dcm", new byte[] {0, 0, 0, 0, 4, 0, 0, 0, 0x10, 0, 0, 0});
        DecodedImage image = assertInstanceOf(DecodedImage.class, decoder().decode(file));
        assertEquals(16, image.frames().frame(0).width());
    }
}
