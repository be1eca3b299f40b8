package org.deblurgateway.dicom.pixels;

import static org.deblurgateway.testsupport.SopClasses.CT_IMAGE;
import static org.deblurgateway.testsupport.SopClasses.SECONDARY_CAPTURE;
import static org.deblurgateway.testsupport.TransferSyntaxUids.EXPLICIT_LE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.OtherFloatAttribute;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.deblurgateway.testsupport.SopClasses;
import org.deblurgateway.testsupport.SyntheticObjects;
import org.deblurgateway.testsupport.SyntheticObjects.Spec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every pass-through reason, from synthetic objects, and what the decoder does with files that are not objects. */
class PixelDecoderPassThroughTest {

    private static final PixelLimits LIMITS = new PixelLimits(10_000, 50_000, Duration.ofSeconds(30));
    private static final Spec GREY = Spec.grey("MONOCHROME2", 4, 4, 1, 8, 8, 7, false);

    @TempDir
    Path work;

    private PassThrough passThrough(AttributeList list) throws Exception {
        return passThrough(SyntheticObjects.write(list, work.resolve("o" + System.nanoTime() + ".dcm"), EXPLICIT_LE));
    }

    private PassThrough passThrough(Path file) throws Exception {
        PixelDecoding result = new PixelDecoder(LIMITS, work.resolve("scratch")).decode(file);
        PassThrough passThrough = assertInstanceOf(PassThrough.class, result, () -> "expected a pass-through");
        assertTrue(!passThrough.detail().isBlank(), "a pass-through says why");
        return passThrough;
    }

    private static AttributeList image(String sopClass, Spec spec) throws Exception {
        int cells = spec.cellsPerFrame() * spec.frames();
        return SyntheticObjects.withCells(SyntheticObjects.image(sopClass, spec), spec.bitsAllocated(), new int[cells]);
    }

    @Test
    void decode_structuredReport_isNonImageSopClass() throws Exception {
        PassThrough result = passThrough(SyntheticObjects.object(SopClasses.BASIC_TEXT_SR));

        assertEquals(PassThroughReason.NON_IMAGE_SOP_CLASS, result.reason());
        assertTrue(result.detail().contains("structured report"), result.detail());
    }

    @Test
    void decode_rtDoseAndEcgWithPixelLikeContent_areNonImageSopClasses() throws Exception {
        assertEquals(
                PassThroughReason.NON_IMAGE_SOP_CLASS,
                passThrough(image(SopClasses.RT_DOSE, Spec.grey("MONOCHROME2", 2, 2, 3, 16, 16, 15, false)))
                        .reason());
        assertEquals(
                PassThroughReason.NON_IMAGE_SOP_CLASS,
                passThrough(image(SopClasses.TWELVE_LEAD_ECG, GREY)).reason());
    }

    @Test
    void decode_imageClassWithoutPixelData_isNoPixelData() throws Exception {
        assertEquals(
                PassThroughReason.NO_PIXEL_DATA,
                passThrough(SyntheticObjects.image(SECONDARY_CAPTURE, GREY)).reason());
    }

    @Test
    void decode_floatPixelData_isFloatPixels() throws Exception {
        AttributeList list =
                SyntheticObjects.image(SECONDARY_CAPTURE, Spec.grey("MONOCHROME2", 2, 2, 1, 32, 32, 31, false));
        OtherFloatAttribute floats = new OtherFloatAttribute(new AttributeTag(0x7FE0, 0x0008));
        floats.setValues(new float[] {0.5f, 1.5f, -2f, 3.25f});
        list.put(floats);

        assertEquals(PassThroughReason.FLOAT_PIXELS, passThrough(list).reason());
    }

    @Test
    void decode_paletteColour_isPaletteColour() throws Exception {
        assertEquals(
                PassThroughReason.PALETTE_COLOUR,
                passThrough(image(SECONDARY_CAPTURE, Spec.grey("PALETTE COLOR", 4, 4, 1, 8, 8, 7, false)))
                        .reason());
    }

    @Test
    void decode_oneBitAllocated_isOneBit() throws Exception {
        AttributeList list =
                SyntheticObjects.image(SECONDARY_CAPTURE, Spec.grey("MONOCHROME2", 8, 8, 1, 1, 1, 0, false));
        SyntheticObjects.withCells(list, 8, new int[8]); // 64 bits, packed

        assertEquals(PassThroughReason.ONE_BIT, passThrough(list).reason());
    }

    @Test
    void decode_layoutsTheCodecDoesNotHandle_areUnsupportedPixelFormat() throws Exception {
        List<AttributeList> unsupported = List.of(
                SyntheticObjects.image(SECONDARY_CAPTURE, Spec.colour("RGB", 2, 2, 1, 32, 0)),
                SyntheticObjects.image(SECONDARY_CAPTURE, new Spec("ARGB", 2, 2, 1, 4, 8, 8, 7, false, 0)),
                SyntheticObjects.image(SECONDARY_CAPTURE, Spec.colour("HSV", 2, 2, 1, 8, 0)),
                SyntheticObjects.image(SECONDARY_CAPTURE, Spec.grey("RGB", 2, 2, 1, 8, 8, 7, false)),
                SyntheticObjects.image(SECONDARY_CAPTURE, Spec.colour("YBR_FULL", 2, 2, 1, 16, 0)),
                SyntheticObjects.image(SECONDARY_CAPTURE, Spec.grey("MONOCHROME2", 2, 2, 1, 16, 12, 3, false)),
                SyntheticObjects.image(SECONDARY_CAPTURE, Spec.colour("YBR_ICT", 2, 2, 1, 8, 0)));
        for (AttributeList list : unsupported) {
            SyntheticObjects.withCells(list, 8, new int[64]); // enough bytes for any of these 2x2 images
            PassThrough result = passThrough(list);
            assertEquals(PassThroughReason.UNSUPPORTED_PIXEL_FORMAT, result.reason(), result.toString());
        }
    }

    @Test
    void decode_pixelDataShorterThanTheFramesNeed_isUnsupportedPixelFormat() throws Exception {
        Spec threeFrames = Spec.grey("MONOCHROME2", 4, 4, 3, 16, 16, 15, false);
        AttributeList list =
                SyntheticObjects.withCells(SyntheticObjects.image(CT_IMAGE, threeFrames), 16, new int[16 * 2]);

        PassThrough result = passThrough(list);
        assertEquals(PassThroughReason.UNSUPPORTED_PIXEL_FORMAT, result.reason());
        assertTrue(result.detail().contains("need 48"), result.detail());
    }

    @Test
    void decode_frameOrInstanceOverBudget_isOverPixelBudget() throws Exception {
        assertEquals(
                PassThroughReason.OVER_PIXEL_BUDGET,
                passThrough(image(SECONDARY_CAPTURE, Spec.grey("MONOCHROME2", 101, 100, 1, 8, 8, 7, false)))
                        .reason());
        PassThrough instance =
                passThrough(image(SECONDARY_CAPTURE, Spec.grey("MONOCHROME2", 100, 100, 6, 8, 8, 7, false)));
        assertEquals(PassThroughReason.OVER_PIXEL_BUDGET, instance.reason());
        assertTrue(instance.detail().contains("instance budget"), instance.detail());
    }

    @Test
    void decode_videoTransferSyntax_isUndecodableWithoutRunningATool() throws Exception {
        Path file = SyntheticObjects.writeEncapsulated(
                SyntheticObjects.image(SECONDARY_CAPTURE, GREY),
                work.resolve("mpeg2.dcm"),
                "1.2.840.10008.1.2.4.100",
                new byte[] {0, 0, 1, (byte) 0xB3});
        ExternalDecoder mustNotRun = new ExternalDecoder("never", List.of("/bin/false"), ts -> {
            throw new AssertionError("no decoder is asked about video");
        });
        PixelDecoding result = new PixelDecoder(LIMITS, work.resolve("scratch"), List.of(mustNotRun)).decode(file);

        PassThrough passThrough = assertInstanceOf(PassThrough.class, result);
        assertEquals(PassThroughReason.UNDECODABLE_TRANSFER_SYNTAX, passThrough.reason());
        assertTrue(passThrough.detail().contains("video"), passThrough.detail());
    }

    @Test
    void decode_htj2kNoToolCanRead_isUndecodableWithTheToolsReason() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/gdcmconv")), "gdcmconv (libgdcm-tools) is not installed");
        byte[] notACodestream = {(byte) 0xFF, 0x4F, (byte) 0xFF, 0x51, 0, 0, 0, 0, 1, 2, 3, 4};
        Path file = SyntheticObjects.writeEncapsulated(
                SyntheticObjects.image(SECONDARY_CAPTURE, GREY),
                work.resolve("htj2k.dcm"),
                "1.2.840.10008.1.2.4.201",
                notACodestream);

        PassThrough result = passThrough(file);
        assertEquals(PassThroughReason.UNDECODABLE_TRANSFER_SYNTAX, result.reason());
        assertTrue(
                result.detail().startsWith("1.2.840.10008.1.2.4.201 (HTJ2K Lossless Only): gdcmconv exit "),
                result.detail());
        try (var left = Files.list(work.resolve("scratch"))) {
            assertEquals(0, left.count(), "scratch folder is cleaned up");
        }
    }

    @Test
    void decode_bytesThatAreNoDicomObject_passThroughWithoutThrowing() throws Exception {
        byte[] noise = new byte[4096];
        new Random(7).nextBytes(noise);
        Path file = Files.write(work.resolve("noise.dcm"), noise);
        Path empty = Files.write(work.resolve("empty.dcm"), new byte[0]);

        passThrough(file);
        passThrough(empty);
    }

    @Test
    void decode_fileThatCannotBeRead_throws() {
        PixelDecoder decoder = new PixelDecoder(LIMITS, work.resolve("scratch"));

        assertThrows(NoSuchFileException.class, () -> decoder.decode(work.resolve("missing.dcm")));
        assertThrows(IOException.class, () -> decoder.decode(work));
    }
}
