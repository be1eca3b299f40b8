package org.deblurgateway.model.imageio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.deblurgateway.model.image.Frame;
import org.deblurgateway.model.image.FrameNormalizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real images from the shared data folder (system property {@code shared.data.dir}); skipped when absent. */
class SharedImagesTest {

    @TempDir
    Path dir;

    @Test
    void ct16BitPng_readWriteRead_keeps16BitsExactly() throws IOException {
        Path ct = firstFile("test/ct", ".png");
        Frame f = ImageFiles.read(ct);
        assertEquals(1, f.channels());
        assertEquals(16, f.bitsStored());
        assertTrue(Arrays.stream(f.samples()).max().getAsInt() > 255, "CT values must not be squeezed to 8 bits");
        Path copy = dir.resolve("copy.png");
        ImageFiles.write(f, copy);
        ImageFilesTest.assertFrameEquals(f, ImageFiles.read(copy));

        FrameNormalizer.Normalized n = FrameNormalizer.normalize(f);
        Frame back = FrameNormalizer.denormalize(n.image(), n.min(), n.max(), 16, false);
        assertArrayEquals(f.samples(), back.samples(), "min-max normalisation inverts exactly");
    }

    @Test
    void ct16BitPng_read_matchesPillow() throws IOException, InterruptedException {
        Path ct = firstFile("test/ct", ".png");
        Frame f = ImageFiles.read(ct);
        List<String> reference = python(
                "import sys, numpy as np; from PIL import Image; "
                        + "a = np.asarray(Image.open(sys.argv[1])).astype(np.int64); "
                        + "print(a.shape[1], a.shape[0], a.min(), a.max(), a.sum(), int((a * np.arange(a.size).reshape(a.shape) % 9973).sum()))",
                ct);
        long sum = 0;
        long weighted = 0;
        int[] s = f.samples();
        for (int i = 0; i < s.length; i++) {
            sum += s[i];
            weighted += (long) s[i] * i % 9973;
        }
        String mine =
                f.width() + " " + f.height() + " " + Arrays.stream(s).min().getAsInt() + " "
                        + Arrays.stream(s).max().getAsInt() + " " + sum + " " + weighted;
        assertEquals(reference.get(reference.size() - 1).trim(), mine);
    }

    @Test
    void jpegChestXray_read_isEightBitRgb() throws IOException {
        Path xray = firstFile("test/chest_xray", ".jpeg");
        Frame f = ImageFiles.read(xray);
        assertEquals(3, f.channels());
        assertEquals(8, f.bitsStored());
    }

    private static Path firstFile(String sub, String suffix) throws IOException {
        String shared = System.getProperty("shared.data.dir");
        assumeTrue(shared != null, "system property shared.data.dir is not set: shared data test skipped");
        Path folder = Path.of(shared, sub);
        assumeTrue(Files.isDirectory(folder), "shared data folder " + folder + " is absent: test skipped");
        try (Stream<Path> files = Files.list(folder)) {
            Path first = files.filter(p -> p.getFileName().toString().endsWith(suffix))
                    .sorted()
                    .findFirst()
                    .orElse(null);
            assumeTrue(first != null, "no " + suffix + " file in " + folder + ": test skipped");
            return first;
        }
    }

    private static List<String> python(String code, Path arg) throws IOException, InterruptedException {
        Path python = Path.of("/usr/bin/python3");
        assumeTrue(Files.isExecutable(python), "/usr/bin/python3 is absent: Pillow comparison skipped");
        Process p = new ProcessBuilder(python.toString(), "-c", code, arg.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = p.waitFor();
        assumeTrue(rc == 0 || !out.contains("No module named"), "Pillow/numpy not installed: comparison skipped");
        assertEquals(0, rc, "python failed: " + out);
        return out.lines().toList();
    }
}
