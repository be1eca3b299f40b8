package org.deblurgateway.model.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.deblurgateway.model.image.Frame;
import org.deblurgateway.model.imageio.ImageFiles;
import org.deblurgateway.model.inference.ModelCatalog;
import org.deblurgateway.model.inference.TorchScriptFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeblurCliTest {

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int cli(ModelCatalog catalog, String... args) {
        return new DeblurCli(
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        catalog)
                .execute(args);
    }

    private ModelCatalog fixtures() {
        assumeTrue(TorchScriptFixtures.weightsDir().isPresent(), TorchScriptFixtures.whyMissing());
        return new ModelCatalog(TorchScriptFixtures.weightsDir().get());
    }

    private ModelCatalog none() {
        return new ModelCatalog(tmp.resolve("no-weights"));
    }

    /** A smooth random image with structure (so that blur changes it): sums of a few random cosines. */
    static Frame image(int w, int h, int channels, int bits, long seed) {
        Random r = new Random(seed);
        double[] fx = {r.nextDouble() * 0.3, r.nextDouble() * 0.3, r.nextDouble() * 0.3};
        double[] fy = {r.nextDouble() * 0.3, r.nextDouble() * 0.3, r.nextDouble() * 0.3};
        int max = (1 << bits) - 1;
        int[] s = new int[w * h * channels];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < channels; c++) {
                    double v = 0.5 + 0.25 * Math.cos(fx[c] * x + fy[(c + 1) % 3] * y) + 0.2 * Math.cos(fy[c] * x * 0.7);
                    s[(y * w + x) * channels + c] = (int) Math.round(Math.max(0, Math.min(1, v)) * max);
                }
            }
        }
        return new Frame(w, h, channels, bits, false, s);
    }

    /** Random flat rectangles over a flat background: hard edges in both directions. */
    static Frame rectangles(int w, int h, int channels, int bits, long seed) {
        Random r = new Random(seed);
        int max = (1 << bits) - 1;
        int[] s = new int[w * h * channels];
        for (int k = 0; k < 12; k++) {
            int x0 = r.nextInt(w - 4);
            int y0 = r.nextInt(h - 4);
            int x1 = x0 + 3 + r.nextInt(w - x0 - 3);
            int y1 = y0 + 3 + r.nextInt(h - y0 - 3);
            int level = r.nextInt(max + 1);
            for (int y = y0; y < y1; y++) {
                for (int x = x0; x < x1; x++) {
                    for (int c = 0; c < channels; c++) {
                        s[(y * w + x) * channels + c] = c == 0 ? level : max - level;
                    }
                }
            }
        }
        return new Frame(w, h, channels, bits, false, s);
    }

    private Path dataset() throws IOException {
        Path data = tmp.resolve("data");
        ImageFiles.write(image(40, 36, 1, 8, 1), data.resolve("grey8/a.png"));
        ImageFiles.write(image(33, 41, 1, 8, 2), data.resolve("grey8/b.png"));
        ImageFiles.write(image(37, 29, 1, 8, 3), data.resolve("grey8/c.png"));
        ImageFiles.write(image(48, 32, 1, 16, 4), data.resolve("ct16/x.png"));
        ImageFiles.write(image(32, 32, 3, 8, 5), data.resolve("rgb/y.jpg"));
        Files.writeString(data.resolve("rgb/notes.txt"), "not an image");
        return data;
    }

    @Test
    void execute_noArguments_usageExit2() {
        assertEquals(2, cli(none()));
        assertTrue(err.toString().contains("usage:"));
    }

    @Test
    void execute_unknownCommandOrOption_exit2WithMessage() {
        assertEquals(2, cli(none(), "frobnicate"));
        assertTrue(err.toString().contains("unknown command 'frobnicate'"));
        assertEquals(2, cli(none(), "eval", "--data", "x", "--out", "y", "--colour", "red"));
        assertTrue(err.toString().contains("unknown option --colour"));
        assertEquals(2, cli(none(), "eval", "--data", "x"));
        assertTrue(err.toString().contains("--out"));
        assertEquals(2, cli(none(), "eval", "--data", "x", "--out", "y", "--protocol", "shaky"));
        assertTrue(err.toString().contains("unknown blur protocol"));
        assertEquals(2, cli(none(), "eval", "--data", "x", "--out", "y", "--limit", "many"));
    }

    @Test
    void eval_missingDataFolder_exit1WithMessage() {
        assertEquals(
                1,
                cli(
                        none(),
                        "eval",
                        "--data",
                        tmp.resolve("absent").toString(),
                        "--out",
                        tmp.resolve("r.json").toString(),
                        "--methods",
                        "blurry"));
        assertTrue(err.toString().contains("does not exist"), err.toString());
        assertFalse(Files.exists(tmp.resolve("r.json")));
    }

    @Test
    void eval_fixturesAndBaselines_writesReportInContractShape() throws IOException {
        ModelCatalog catalog = fixtures();
        Path data = dataset();
        Path report = tmp.resolve("out/report.json");
        int rc = cli(
                catalog,
                "eval",
                "--data",
                data.toString(),
                "--out",
                report.toString(),
                "--limit",
                "2",
                "--methods",
                "blurry,unsharp,wiener-oracle,identity",
                "--seed",
                "3",
                "--tile",
                "32",
                "--overlap",
                "8");
        assertEquals(0, rc, err.toString());
        JsonNode r = new ObjectMapper().readTree(report.toFile());
        List<String> top = new ArrayList<>();
        r.fieldNames().forEachRemaining(top::add);
        assertEquals(List.of("protocol", "seed", "modalities", "average", "timing"), top);
        assertEquals("motion", r.get("protocol").asText());
        assertEquals(3, r.get("seed").asInt());
        List<String> mods = new ArrayList<>();
        r.get("modalities").fieldNames().forEachRemaining(mods::add);
        assertEquals(List.of("ct16", "grey8", "rgb"), mods);
        assertEquals(2, r.at("/modalities/grey8/blurry/n").asInt()); // --limit 2 of 3
        assertEquals(1, r.at("/modalities/rgb/unsharp/n").asInt()); // notes.txt ignored
        for (String mod : mods) {
            JsonNode blurry = r.at("/modalities/" + mod + "/blurry");
            JsonNode identity = r.at("/modalities/" + mod + "/identity");
            // the identity network returns the blurry frame exactly: metrics must be equal
            assertEquals(blurry.get("psnr").asDouble(), identity.get("psnr").asDouble(), mod);
            assertEquals(blurry.get("ssim").asDouble(), identity.get("ssim").asDouble(), mod);
            assertEquals(blurry.get("deltaE").asDouble(), identity.get("deltaE").asDouble(), mod);
            assertTrue(blurry.get("psnr").asDouble() > 15 && blurry.get("psnr").asDouble() < 60, mod);
        }
        double mean = (r.at("/modalities/ct16/wiener-oracle/psnr").asDouble()
                        + r.at("/modalities/grey8/wiener-oracle/psnr").asDouble()
                        + r.at("/modalities/rgb/wiener-oracle/psnr").asDouble())
                / 3;
        assertEquals(mean, r.at("/average/wiener-oracle/psnr").asDouble(), 1e-3);
        assertTrue(r.at("/timing/identity/ms_per_megapixel").asDouble() > 0);
        assertTrue(out.toString().contains("average over modalities"), out.toString());
    }

    @Test
    void eval_cad_addsDiceAndEdgeF1AfterTheExistingFields() throws IOException {
        Path data = dataset();
        Path report = tmp.resolve("cad.json");
        assertEquals(
                0,
                cli(
                        none(),
                        "eval",
                        "--data",
                        data.toString(),
                        "--out",
                        report.toString(),
                        "--cad",
                        "--methods",
                        "blurry,unsharp",
                        "--limit",
                        "2"),
                err.toString());
        JsonNode r = new ObjectMapper().readTree(report.toFile());
        List<String> top = new ArrayList<>();
        r.fieldNames().forEachRemaining(top::add);
        assertEquals(List.of("protocol", "seed", "modalities", "average", "timing"), top);
        boolean someEdgeLost = false;
        for (String mod : List.of("ct16", "grey8", "rgb")) {
            for (String method : List.of("blurry", "unsharp")) {
                JsonNode m = r.at("/modalities/" + mod + "/" + method);
                List<String> fields = new ArrayList<>();
                m.fieldNames().forEachRemaining(fields::add);
                assertEquals(List.of("n", "psnr", "ssim", "deltaE", "dice", "edgeF1"), fields, mod + " " + method);
                for (String f : List.of("dice", "edgeF1")) {
                    double v = m.get(f).asDouble();
                    assertTrue(v >= 0 && v <= 1, mod + " " + method + " " + f + " = " + v);
                }
                someEdgeLost |= m.get("edgeF1").asDouble() < 1;
            }
        }
        assertTrue(someEdgeLost, "motion blur moved no edge at all");
        double mean = (r.at("/modalities/ct16/blurry/edgeF1").asDouble()
                        + r.at("/modalities/grey8/blurry/edgeF1").asDouble()
                        + r.at("/modalities/rgb/blurry/edgeF1").asDouble())
                / 3;
        assertEquals(mean, r.at("/average/blurry/edgeF1").asDouble(), 1e-4);
        assertTrue(out.toString().contains("edgeF1"), out.toString());

        // without --cad the method objects keep their old fields only
        Path plain = tmp.resolve("plain.json");
        assertEquals(
                0,
                cli(
                        none(),
                        "eval",
                        "--data",
                        data.toString(),
                        "--out",
                        plain.toString(),
                        "--methods",
                        "blurry",
                        "--limit",
                        "1"),
                err.toString());
        List<String> fields = new ArrayList<>();
        new ObjectMapper()
                .readTree(plain.toFile())
                .at("/modalities/grey8/blurry")
                .fieldNames()
                .forEachRemaining(fields::add);
        assertEquals(List.of("n", "psnr", "ssim", "deltaE"), fields);
        assertEquals(2, cli(none(), "eval", "--data", data.toString(), "--out", plain.toString(), "--cad=yes"));
        assertTrue(err.toString().contains("--cad takes no value"), err.toString());
    }

    @Test
    void eval_sharpProtocol_blurryIsIdenticalAndItsInfinitePsnrIsNullWithCount() throws IOException {
        Path data = dataset();
        Path report = tmp.resolve("sharp.json");
        assertEquals(
                0,
                cli(
                        none(),
                        "eval",
                        "--data",
                        data.toString(),
                        "--out",
                        report.toString(),
                        "--protocol",
                        "sharp",
                        "--cad",
                        "--methods",
                        "blurry,unsharp,wiener-oracle"),
                err.toString());
        JsonNode r = new ObjectMapper().readTree(report.toFile());
        assertEquals("sharp", r.get("protocol").asText());
        for (String mod : List.of("ct16", "grey8", "rgb")) {
            JsonNode blurry = r.at("/modalities/" + mod + "/blurry");
            assertTrue(blurry.get("psnr").isNull(), mod + ": " + blurry);
            assertEquals(blurry.get("n").asInt(), blurry.get("psnr_identical").asInt(), mod);
            assertEquals(1.0, blurry.get("ssim").asDouble(), mod);
            assertEquals(0.0, blurry.get("deltaE").asDouble(), mod);
            assertEquals(1.0, blurry.get("dice").asDouble(), mod);
            assertEquals(1.0, blurry.get("edgeF1").asDouble(), mod);
            // a method that changes the image has a finite PSNR and no identical count
            JsonNode unsharp = r.at("/modalities/" + mod + "/unsharp");
            assertTrue(unsharp.get("psnr").isNumber() && unsharp.get("psnr").asDouble() > 20, mod + ": " + unsharp);
            assertFalse(unsharp.has("psnr_identical"), mod);
            assertTrue(r.at("/modalities/" + mod + "/wiener-oracle/psnr").asDouble() > 30, mod);
        }
        assertTrue(r.at("/average/blurry/psnr").isNull());
        assertEquals(5, r.at("/average/blurry/psnr_identical").asInt()); // 3 + 1 + 1 images
        assertTrue(out.toString().matches("(?s).*\\n  blurry +3 +inf .*"), out.toString());
    }

    @Test
    void blurScores_motion_blurredScoresHigherAndOneThresholdWithBothRates() throws IOException {
        // hard-edged images: the smooth ones of dataset() are scored as blurred already, and noise lowers the score
        Path data = tmp.resolve("edged");
        ImageFiles.write(rectangles(64, 48, 1, 8, 1), data.resolve("grey8/a.png"));
        ImageFiles.write(rectangles(57, 70, 1, 8, 2), data.resolve("grey8/b.png"));
        ImageFiles.write(rectangles(80, 64, 1, 16, 3), data.resolve("ct16/x.png"));
        ImageFiles.write(rectangles(72, 60, 3, 8, 4), data.resolve("rgb/y.png"));
        Path scores = tmp.resolve("scores.json");
        assertEquals(
                0, cli(none(), "blur-scores", "--data", data.toString(), "--out", scores.toString()), err.toString());
        JsonNode r = new ObjectMapper().readTree(scores.toFile());
        for (String mod : List.of("ct16", "grey8", "rgb")) {
            JsonNode m = r.at("/modalities/" + mod);
            assertTrue(m.get("n").asInt() > 0, mod);
            assertEquals(m.get("n").asInt(), m.get("sharp_scores").size());
            for (int i = 0; i < m.get("n").asInt(); i++) {
                double sharp = m.get("sharp_scores").get(i).asDouble();
                double blurred = m.get("blurred_scores").get(i).asDouble();
                assertTrue(sharp < blurred, mod + " image " + i + ": " + sharp + " vs " + blurred);
            }
            double fd = m.at("/at_overall_threshold/sharp_deblurred").asDouble();
            assertTrue(fd >= 0 && fd <= 1, mod);
        }
        double t = r.at("/overall_threshold/min_blur_score").asDouble();
        assertTrue(t > 0 && t < 1, "threshold " + t);
        assertTrue(out.toString().contains("overall min-blur-score"), out.toString());
        assertEquals(
                2,
                cli(
                        none(),
                        "blur-scores",
                        "--data",
                        data.toString(),
                        "--out",
                        scores.toString(),
                        "--protocol",
                        "sharp"));
    }

    @Test
    void eval_sameArgumentsTwice_identicalReports() throws IOException {
        Path data = dataset();
        Path a = tmp.resolve("a.json");
        Path b = tmp.resolve("b.json");
        assertEquals(
                0,
                cli(
                        none(),
                        "eval",
                        "--data",
                        data.toString(),
                        "--out",
                        a.toString(),
                        "--protocol",
                        "gaussian",
                        "--methods",
                        "blurry,rl-oracle",
                        "--jobs",
                        "2"),
                err.toString());
        assertEquals(
                0,
                cli(
                        none(),
                        "eval",
                        "--data",
                        data.toString(),
                        "--out",
                        b.toString(),
                        "--protocol",
                        "gaussian",
                        "--methods",
                        "blurry,rl-oracle",
                        "--jobs",
                        "1"),
                err.toString());
        JsonNode ra = new ObjectMapper().readTree(a.toFile());
        JsonNode rb = new ObjectMapper().readTree(b.toFile());
        assertEquals(ra.get("modalities"), rb.get("modalities"));
        assertEquals(ra.get("average"), rb.get("average"));
    }

    @Test
    void run_identityModel16BitPng_writesSameFrame() throws IOException {
        ModelCatalog catalog = fixtures();
        Frame in = image(70, 50, 1, 16, 9);
        Path src = tmp.resolve("in.png");
        ImageFiles.write(in, src);
        Path dst = tmp.resolve("out.png");
        assertEquals(0, cli(catalog, "run", src.toString(), dst.toString(), "--model", "identity"), err.toString());
        Frame got = ImageFiles.read(dst);
        assertEquals(16, got.bitsStored());
        assertArrayEquals(in.samples(), got.samples());
    }

    @Test
    void run_unknownModel_exit1ListingModels() throws IOException {
        ModelCatalog catalog = fixtures();
        Path src = tmp.resolve("in.png");
        ImageFiles.write(image(20, 20, 1, 8, 1), src);
        assertEquals(1, cli(catalog, "run", src.toString(), tmp.resolve("o.png").toString(), "--model", "nope"));
        assertTrue(err.toString().contains("identity"), err.toString());
    }

    @Test
    void run_unreadableInput_exit1() throws IOException {
        Path src = tmp.resolve("broken.png");
        Files.writeString(src, "not a png");
        assertEquals(
                1, cli(fixtures(), "run", src.toString(), tmp.resolve("o.png").toString(), "--model", "tiny"));
        assertFalse(Files.exists(tmp.resolve("o.png")));
    }

    @Test
    void blur_sameSeedTwice_sameBlurredFile() throws IOException {
        Frame in = image(64, 48, 1, 8, 4);
        Path src = tmp.resolve("IM-0001-0001.png");
        ImageFiles.write(in, src);
        Path a = tmp.resolve("a.png");
        Path b = tmp.resolve("b.png");
        assertEquals(0, cli(none(), "blur", src.toString(), a.toString(), "--seed", "1"), err.toString());
        assertEquals(0, cli(none(), "blur", src.toString(), b.toString(), "--seed", "1"), err.toString());
        Frame fa = ImageFiles.read(a);
        assertArrayEquals(fa.samples(), ImageFiles.read(b).samples());
        assertEquals(in.width(), fa.width());
        assertFalse(Arrays.equals(in.samples(), fa.samples()));
    }

    @Test
    void info_fixtureWeights_listsModels() {
        assertEquals(0, cli(fixtures(), "info"));
        assertTrue(out.toString().contains("identity") && out.toString().contains("tiny"), out.toString());
    }
}
