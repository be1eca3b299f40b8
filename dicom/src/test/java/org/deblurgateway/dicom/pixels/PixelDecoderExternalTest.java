package org.deblurgateway.dicom.pixels;

import static org.deblurgateway.testsupport.SopClasses.CT_IMAGE;
import static org.deblurgateway.testsupport.SopClasses.SECONDARY_CAPTURE;
import static org.deblurgateway.testsupport.TransferSyntaxUids.EXPLICIT_LE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.deblurgateway.model.image.Frame;
import org.deblurgateway.testsupport.SyntheticObjects;
import org.deblurgateway.testsupport.SyntheticObjects.Spec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compressed pixel data through the external decoders: synthetic objects compressed by real tools (dcmtk's
 * dcmcjpeg / dcmcjpls / dcmcrle, gdcm's gdcmconv --j2k) must decode back to the uncompressed frames; a missing
 * decoder falls back to the next; a decoder over its time limit is killed; scratch files never stay behind.
 */
class PixelDecoderExternalTest {

    private static final PixelLimits LIMITS = new PixelLimits(1_000_000, 10_000_000, Duration.ofSeconds(30));

    @TempDir
    Path work;

    private Path scratch;

    @BeforeEach
    void tools() {
        for (String tool : List.of("gdcmconv", "dcmcjpeg", "dcmcjpls", "dcmcrle", "dcmdrle")) {
            assumeTrue(Files.isExecutable(Path.of("/usr/bin", tool)), tool + " is not installed");
        }
        scratch = work.resolve("scratch");
    }

    /** A 12-of-16-bit grey image with two frames, and an 8-bit RGB one, uncompressed. */
    private Path grey12() throws Exception {
        Spec spec = Spec.grey("MONOCHROME2", 17, 23, 2, 16, 12, 11, false);
        int[] cells = new int[spec.cellsPerFrame() * 2];
        for (int i = 0; i < cells.length; i++) {
            cells[i] = (i * 97 + (i / 23) * 13) % 4096;
        }
        return SyntheticObjects.write(
                SyntheticObjects.withCells(SyntheticObjects.image(CT_IMAGE, spec), 16, cells),
                work.resolve("grey12.dcm"),
                EXPLICIT_LE);
    }

    private Path signed16() throws Exception {
        Spec spec = Spec.grey("MONOCHROME2", 16, 16, 1, 16, 16, 15, true);
        int[] cells = new int[spec.cellsPerFrame()];
        for (int i = 0; i < cells.length; i++) {
            cells[i] = (i * 2731 - 20000) & 0xFFFF;
        }
        return SyntheticObjects.write(
                SyntheticObjects.withCells(SyntheticObjects.image(CT_IMAGE, spec), 16, cells),
                work.resolve("signed16.dcm"),
                EXPLICIT_LE);
    }

    private Path rgb8() throws Exception {
        Spec spec = Spec.colour("RGB", 32, 48, 1, 8, 0);
        int[] cells = new int[spec.cellsPerFrame()];
        for (int p = 0; p < 32 * 48; p++) {
            int y = p / 48;
            int x = p % 48;
            cells[3 * p] = x * 5; // smooth ramps: JPEG baseline keeps them close
            cells[3 * p + 1] = y * 7;
            cells[3 * p + 2] = 128 + (x - y);
        }
        return SyntheticObjects.write(
                SyntheticObjects.withCells(SyntheticObjects.image(SECONDARY_CAPTURE, spec), 8, cells),
                work.resolve("rgb8.dcm"),
                EXPLICIT_LE);
    }

    private Path rgb16() throws Exception {
        Spec spec = Spec.colour("RGB", 8, 12, 1, 16, 0);
        int[] cells = new int[spec.cellsPerFrame()];
        for (int i = 0; i < cells.length; i++) {
            cells[i] = (i * 7919 + 255) & 0xFFFF; // low and high bytes differ, so byte-plane mix-ups show
        }
        return SyntheticObjects.write(
                SyntheticObjects.withCells(SyntheticObjects.image(SECONDARY_CAPTURE, spec), 16, cells),
                work.resolve("rgb16.dcm"),
                EXPLICIT_LE);
    }

    private Path compress(Path source, String name, String... command) throws Exception {
        Path out = work.resolve(name);
        List<String> argv = new ArrayList<>(List.of(command));
        argv.add(source.toString());
        argv.add(out.toString());
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), String.join(" ", argv) + ": " + output);
        return out;
    }

    private DecodedImage decode(PixelDecoder decoder, Path file) throws IOException {
        PixelDecoding result = decoder.decode(file);
        return assertInstanceOf(DecodedImage.class, result, () -> file.getFileName() + ": " + result);
    }

    private void assertSameFrames(DecodedImage expected, DecodedImage actual) throws IOException {
        assertEquals(expected.frames().frameCount(), actual.frames().frameCount());
        for (int f = 0; f < expected.frames().frameCount(); f++) {
            Frame e = expected.frames().frame(f);
            Frame a = actual.frames().frame(f);
            assertEquals(e.width(), a.width());
            assertEquals(e.height(), a.height());
            assertEquals(e.channels(), a.channels());
            assertArrayEquals(e.samples(), a.samples(), "frame " + f);
        }
    }

    private void assertScratchEmpty() throws IOException {
        if (Files.isDirectory(scratch)) {
            try (var left = Files.list(scratch)) {
                assertEquals(List.of(), left.toList(), "scratch folder is cleaned up");
            }
        }
    }

    @Test
    void decode_losslessCompressions_giveTheUncompressedFramesBack() throws Exception {
        PixelDecoder decoder = new PixelDecoder(LIMITS, scratch);
        Path grey = grey12();
        Path signed = signed16();
        Path rgb = rgb8();
        Path rgb16 = rgb16();
        List<Path[]> cases = List.of(
                new Path[] {grey, compress(grey, "grey-jpeg-lossless.dcm", "dcmcjpeg", "+e1")},
                new Path[] {grey, compress(grey, "grey-jpeg-ls.dcm", "dcmcjpls")},
                new Path[] {grey, compress(grey, "grey-rle.dcm", "dcmcrle")},
                new Path[] {grey, compress(grey, "grey-j2k.dcm", "gdcmconv", "--j2k")},
                new Path[] {signed, compress(signed, "signed-rle.dcm", "dcmcrle")},
                new Path[] {signed, compress(signed, "signed-j2k.dcm", "gdcmconv", "--j2k")},
                new Path[] {rgb, compress(rgb, "rgb-jpeg-ls.dcm", "dcmcjpls")},
                new Path[] {rgb, compress(rgb, "rgb-rle.dcm", "dcmcrle")},
                new Path[] {rgb, compress(rgb, "rgb-j2k.dcm", "gdcmconv", "--j2k")},
                new Path[] {rgb16, compress(rgb16, "rgb16-rle.dcm", "dcmcrle")});
        for (Path[] c : cases) {
            DecodedImage uncompressed = decode(decoder, c[0]);
            DecodedImage compressed = decode(decoder, c[1]);

            String name = c[1].getFileName().toString();
            assertEquals(
                    name.contains("-rle") ? "dcmdrle" : "gdcmconv",
                    compressed.layout().decodedWith(),
                    name);
            assertFalse(compressed.layout().sourceLossy(), c[1].getFileName().toString());
            assertEquals(
                    uncompressed.layout().photometric(), compressed.layout().photometric());
            assertEquals(uncompressed.layout().bitsStored(), compressed.layout().bitsStored());
            assertEquals(uncompressed.layout().signed(), compressed.layout().signed());
            assertSameFrames(uncompressed, compressed);
        }
        assertScratchEmpty();
    }

    @Test
    void decode_jpegBaselineColour_comesBackAsRgbAndLossy() throws Exception {
        // dcmcjpeg +eb writes YBR_FULL_422; gdcm decodes to YBR_FULL and labels it so; we convert to RGB.
        Path rgb = rgb8();
        Path jpeg = compress(rgb, "rgb-baseline.dcm", "dcmcjpeg", "+eb");
        PixelDecoder decoder = new PixelDecoder(LIMITS, scratch);

        Frame original = decode(decoder, rgb).frames().frame(0);
        DecodedImage decoded = decode(decoder, jpeg);

        assertEquals("RGB", decoded.layout().photometric());
        assertTrue(decoded.layout().sourceLossy());
        int[] a = original.samples();
        int[] b = decoded.frames().frame(0).samples();
        double error = 0;
        for (int i = 0; i < a.length; i++) {
            error += Math.abs(a[i] - b[i]);
        }
        // Left as YCbCr the error would be ~60 grey levels; a lossy JPEG of smooth ramps is within a few.
        assertTrue(error / a.length < 4, "mean absolute error " + error / a.length);
        assertScratchEmpty();
    }

    @Test
    void decode_firstDecoderMissing_fallsBackToTheNext() throws Exception {
        Path grey = grey12();
        Path rle = compress(grey, "grey-rle.dcm", "dcmcrle");
        Path jpegLs = compress(grey, "grey-jpeg-ls.dcm", "dcmcjpls");
        Path jpeg = compress(grey, "grey-jpeg-lossless.dcm", "dcmcjpeg", "+e1");
        String missing = work.resolve("no-such-tool").toString();
        List<ExternalDecoder> toolsMissing = ExternalDecoder.standard().stream()
                .map(d -> d.name().equals("gdcmconv") || d.name().equals("dcmdrle")
                        ? new ExternalDecoder(d.name(), List.of(missing), d.handles())
                        : d)
                .toList();
        PixelDecoder decoder = new PixelDecoder(LIMITS, scratch, toolsMissing);
        List<ExternalDecoder> dcmdrleMissing = ExternalDecoder.standard().stream()
                .map(d -> d.name().equals("dcmdrle") ? new ExternalDecoder(d.name(), List.of(missing), d.handles()) : d)
                .toList();

        DecodedImage uncompressed = decode(decoder, grey);
        DecodedImage fromJpegLs = decode(decoder, jpegLs);
        DecodedImage fromJpeg = decode(decoder, jpeg);
        DecodedImage fromRle = decode(new PixelDecoder(LIMITS, scratch, dcmdrleMissing), rle);
        PixelDecoding noRleDecoder = decoder.decode(rle);

        assertEquals("dcmdjpls", fromJpegLs.layout().decodedWith());
        assertEquals("dcmdjpeg", fromJpeg.layout().decodedWith());
        assertEquals("gdcmconv", fromRle.layout().decodedWith());
        assertSameFrames(uncompressed, fromJpegLs);
        assertSameFrames(uncompressed, fromJpeg);
        assertSameFrames(uncompressed, fromRle);
        PassThrough passThrough = assertInstanceOf(PassThrough.class, noRleDecoder);
        assertEquals(PassThroughReason.UNDECODABLE_TRANSFER_SYNTAX, passThrough.reason());
        assertTrue(
                passThrough.detail().contains("dcmdrle cannot be started")
                        && passThrough.detail().contains("gdcmconv cannot be started"),
                passThrough.detail());
        assertScratchEmpty();
    }

    @Test
    void decode_decoderOverItsTimeLimit_isKilledAndTheObjectPassesThrough() throws Exception {
        Path rle = compress(grey12(), "grey-rle.dcm", "dcmcrle");
        Path slowTool = Files.writeString(work.resolve("slow-decoder.sh"), "#!/bin/sh\nsleep 30\n");
        Files.setPosixFilePermissions(slowTool, PosixFilePermissions.fromString("rwx------"));
        PixelLimits quick = new PixelLimits(1_000_000, 10_000_000, Duration.ofMillis(300));
        PixelDecoder decoder = new PixelDecoder(
                quick, scratch, List.of(new ExternalDecoder("slow", List.of(slowTool.toString()), ts -> true)));

        long start = System.nanoTime();
        PixelDecoding result = decoder.decode(rle);
        long millis = (System.nanoTime() - start) / 1_000_000;

        PassThrough passThrough = assertInstanceOf(PassThrough.class, result);
        assertEquals(PassThroughReason.UNDECODABLE_TRANSFER_SYNTAX, passThrough.reason());
        assertTrue(passThrough.detail().contains("slow timed out after 300 ms"), passThrough.detail());
        assertTrue(millis < 10_000, "took " + millis + " ms");
        assertScratchEmpty();
    }

    @Test
    void decode_concurrentCalls_eachGetTheirOwnFrames() throws Exception {
        Path grey = grey12();
        Path rle = compress(grey, "grey-rle.dcm", "dcmcrle");
        Path j2k = compress(signed16(), "signed-j2k.dcm", "gdcmconv", "--j2k");
        PixelDecoder decoder = new PixelDecoder(LIMITS, scratch);
        DecodedImage expectedGrey = decode(decoder, grey);
        DecodedImage expectedSigned = decode(decoder, work.resolve("signed16.dcm"));

        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<DecodedImage>> greys = new ArrayList<>();
            List<Future<DecodedImage>> signeds = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                Path greyFile = i % 2 == 0 ? rle : grey;
                greys.add(pool.submit(() -> decode(decoder, greyFile)));
                signeds.add(pool.submit(() -> decode(decoder, j2k)));
            }
            for (Future<DecodedImage> f : greys) {
                assertSameFrames(expectedGrey, f.get(60, TimeUnit.SECONDS));
            }
            for (Future<DecodedImage> f : signeds) {
                assertSameFrames(expectedSigned, f.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertScratchEmpty();
    }
}
