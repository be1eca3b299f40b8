package org.deblurgateway.dicom.pixels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.deblurgateway.testsupport.RawObjects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression for what the fuzz campaign found: one element whose length field lies (a few bytes of a damaged or
 * crafted file) made PixelMed allocate the declared length, up to 4 GB, before noticing the file is short. With a
 * bounded heap that was an OutOfMemoryError inside PixelMed (caught and logged by it) on every such file; with a
 * large one, gigabytes allocated for a file of a few hundred bytes. The decoder now checks every length against
 * the file first and passes such objects through without the allocation.
 */
class PixelDecoderLengthLieTest {

    @TempDir
    Path work;

    /**
     * An implicit VR little endian object with a group length (0018,0000) claiming 1.5 GB in a file of a few hundred
     * bytes (the shape of another fuzz case).
     */
    private Path lyingGroupLength() throws Exception {
        ByteArrayOutputStream meta = new ByteArrayOutputStream();
        explicit(meta, 0x0002, 0x0001, "OB", new byte[] {0, 1});
        explicit(meta, 0x0002, 0x0002, "UI", ascii("1.2.840.10008.5.1.4.1.1.7\0"));
        explicit(meta, 0x0002, 0x0003, "UI", ascii("2.25.777"));
        explicit(meta, 0x0002, 0x0010, "UI", ascii("1.2.840.10008.1.2\0"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[128]);
        out.writeBytes(ascii("DICM"));
        explicit(out, 0x0002, 0x0000, "UL", le32(meta.size()));
        out.writeBytes(meta.toByteArray());
        implicit(out, 0x0008, 0x0016, ascii("1.2.840.10008.5.1.4.1.1.7\0"));
        implicit(out, 0x0008, 0x0018, ascii("2.25.777"));
        out.writeBytes(new byte[] {0x18, 0x00, 0x00, 0x00});
        out.writeBytes(le32(0x60000000));
        out.writeBytes(ascii("only a few bytes follow, not 1.5 GB"));
        return Files.write(work.resolve("lie.dcm"), out.toByteArray());
    }

    private static void explicit(ByteArrayOutputStream out, int group, int element, String vr, byte[] value) {
        out.writeBytes(new byte[] {(byte) group, (byte) (group >>> 8), (byte) element, (byte) (element >>> 8)});
        out.writeBytes(ascii(vr));
        if (vr.equals("OB")) {
            out.writeBytes(new byte[] {0, 0});
            out.writeBytes(le32(value.length));
        } else {
            out.writeBytes(new byte[] {(byte) value.length, (byte) (value.length >>> 8)});
        }
        out.writeBytes(value);
    }

    private static void implicit(ByteArrayOutputStream out, int group, int element, byte[] value) {
        out.writeBytes(new byte[] {(byte) group, (byte) (group >>> 8), (byte) element, (byte) (element >>> 8)});
        out.writeBytes(le32(value.length));
        out.writeBytes(value);
    }

    private static byte[] le32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void decode_elementLengthBeyondFileEnd_refusedAsMalformedBeforePixelMedReadsIt() throws Exception {
        Path file = lyingGroupLength();
        PixelDecoding decoding = FrugalDecode.decode(file, work.resolve("scratch"));
        PassThrough pass = assertInstanceOf(PassThrough.class, decoding);
        assertEquals(PassThroughReason.UNSUPPORTED_PIXEL_FORMAT, pass.reason());
        assertTrue(pass.detail().contains("past the end of the file"), pass.detail());
    }

    /**
     * The fuzz campaign's first finding, minimised: a Markdown file offered as a DICOM file. Read as a bare implicit
     * VR data set, "## A" is tag (2323,4120) and the next four characters a length of about 1.8 GB.
     */
    @Test
    void decode_textFileReadAsBareDataSet_passesThroughWithoutAllocatingItsLength() throws Exception {
        Path file = Files.writeString(
                work.resolve("README.md"),
                "## A Markdown heading, not DICOM\n\n" + "Some prose about the data set.\n".repeat(64));
        PixelDecoding decoding = FrugalDecode.decode(file, work.resolve("scratch"));
        PassThrough pass = assertInstanceOf(PassThrough.class, decoding);
        assertEquals(PassThroughReason.UNSUPPORTED_PIXEL_FORMAT, pass.reason());
        assertTrue(pass.detail().contains("malformed"), pass.detail());
    }

    @Test
    void decode_sameImageWithoutTheLie_stillDecodes() throws Exception {
        Path good = RawObjects.secondaryCapture(work.resolve("plain.dcm"), "2.25.778");
        PixelDecoder decoder = new PixelDecoder(
                new PixelLimits(36_000_000L, 268_435_456L, Duration.ofSeconds(10)), work.resolve("scratch"), List.of());
        DecodedImage image = assertInstanceOf(DecodedImage.class, decoder.decode(good));
        assertEquals(16, image.frames().frame(0).width());
    }
}
