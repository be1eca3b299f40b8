package org.deblurgateway.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.deblurgateway.gateway.it.support.ConsoleBrowser;
import org.deblurgateway.gateway.it.support.GatewayProcess;
import org.deblurgateway.gateway.it.support.ItDirs;
import org.deblurgateway.gateway.it.support.OrthancPeer;
import org.deblurgateway.gateway.it.support.RulesFile;
import org.deblurgateway.gateway.it.support.SharedData;
import org.deblurgateway.model.image.Frame;
import org.deblurgateway.model.imageio.ImageFiles;
import org.deblurgateway.model.imageio.ImageFormat;
import org.deblurgateway.testsupport.Dcmtk;
import org.deblurgateway.testsupport.Waits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

/**
 * The console's image pages in headless Chromium against the packaged gateway (Orthanc as the PACS), logged in as a
 * user with the viewer role: a chest CR sent through a deblur rule is opened from its trail in the before/after
 * viewer (original, deblurred and difference drawn, the flicker alternates A and B, a window typed in changes the
 * picture); Try it uploads a 512x512 16-bit PNG with the shipped rdsam-lite, shows both images with blur scores, and
 * the downloaded result is a 16-bit PNG of the same size that differs from the upload. Also times the frame endpoint
 * and a Try-it run (medians of 5, with a static file and the bare network time beside them). Screenshots as
 * ConsoleIT's ({@code -Dconsole.screenshots=docs} for docs/screenshots/).
 */
class ConsoleViewerIT {

    private static final String CHEST = "dwv-tests/tests/data/gdcm-CR-MONO1-10-chest.dcm";
    private static final String USER = "reader";
    private static final String PASSWORD = "viewer-it-secret";

    private static Path work;
    private static OrthancPeer orthanc;
    private static GatewayProcess gateway;
    private static WebDriver browser;
    private static final HttpClient HTTP =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(
                ConsoleBrowser.available(),
                "ConsoleViewerIT skipped: Debian's chromium and chromium-driver are not installed (tools/bootstrap installs them)");
        SharedData.root();
        work = ItDirs.newWork("console-viewer");
        Files.createDirectories(work.resolve("orthanc"));
        orthanc = OrthancPeer.start("console-viewer", work.resolve("orthanc"));
        ConsoleBrowser.writeUser(work, USER, PASSWORD, "viewer");
        gateway = new GatewayProcess(
                "console-viewer",
                work.resolve("gateway-data"),
                RulesFile.deblurAllTo(work, orthanc.dicomPort(), "rdsam-lite"),
                Map.of("GATEWAY_DEBLUR_THREADS", "2"));
        gateway.start();

        browser = ConsoleBrowser.start(1366, 1100);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (orthanc != null) {
            orthanc.close();
        }
        if (work != null) {
            ItDirs.deleteTree(work);
        }
    }

    @Test
    void viewerAndTryIt_chestCrAndAnUpload() throws Exception {
        logIn();
        Path chest = work.resolve("chest.dcm");
        Files.copy(SharedData.dicomFile(CHEST), chest, StandardCopyOption.REPLACE_EXISTING);
        assertEquals(0, run(List.of("dcmodify", "-nb", "-i", "(0010,0020)=VIEWER-1", chest.toString())));
        assertEquals(
                0,
                run(List.of(
                        "storescu",
                        "-aec",
                        GatewayProcess.AE_TITLE,
                        "127.0.0.1",
                        Integer.toString(gateway.dicomPort()),
                        chest.toString())),
                "storescu");
        String sop = Dcmtk.value(chest, "SOPInstanceUID");
        Waits.until(
                "original and derived at Orthanc",
                Duration.ofMinutes(5),
                500,
                () -> orthanc.instanceCount() == 2,
                () -> "now " + orthanc.instanceCount() + "; gateway log:\n" + gateway.logTail());

        // From the trail's derived instance row to the viewer; the preview is made off the pipeline's thread. The
        // trail writer gathers events for up to trail-batch-delay, so the row may follow Orthanc's count a little.
        Waits.until(
                "derived instance in the trail",
                Duration.ofSeconds(30),
                500,
                () -> {
                    open("/console/instances/" + sop);
                    return !browser.findElements(By.id("view-derived")).isEmpty();
                },
                () -> "instance page:\n"
                        + browser.findElement(By.tagName("main")).getText());
        String derived = browser.findElement(By.id("view-derived")).getAttribute("href");
        Waits.until(
                "viewer drawn",
                Duration.ofSeconds(60),
                1000,
                () -> {
                    browser.get(derived);
                    return !browser.findElements(By.id("viewer")).isEmpty()
                            && "true"
                                    .equals(browser.findElement(By.id("viewer")).getAttribute("data-drawn"));
                },
                () -> "viewer page:\n" + browser.findElement(By.tagName("main")).getText() + "\ngateway log:\n"
                        + gateway.logTail());
        String facts = browser.findElement(By.cssSelector("#viewer .facts")).getText();
        assertTrue(facts.contains("rdsam-lite") && facts.contains("MONOCHROME1") && facts.contains("→"), facts);
        assertTrue(
                browser.findElement(By.id("score-frame")).getText().matches("0\\.\\d{3} → 0\\.\\d{3}"),
                browser.findElement(By.id("score-frame")).getText());
        long[] original = canvas("canvas-original");
        long[] deblurred = canvas("canvas-derived");
        long[] difference = canvas("canvas-difference");
        assertTrue(
                original[0] > 10_000 && deblurred[0] > 10_000 && difference[0] > 10_000,
                "lit pixels " + Arrays.toString(original) + Arrays.toString(deblurred) + Arrays.toString(difference));
        assertNotEquals(original[1], deblurred[1], "deblurred differs from the original");
        screenshot("viewer");

        // Flicker: the left view alternates between A and B; its label says which.
        browser.findElement(By.id("flicker")).click();
        Waits.until(
                "flicker shows B",
                Duration.ofSeconds(5),
                50,
                () -> browser.findElement(By.id("label-a")).getText().startsWith("B: deblurred"),
                () -> "label " + browser.findElement(By.id("label-a")).getText());
        assertEquals(deblurred[1], canvas("canvas-original")[1], "B in the left view is the deblurred image");
        Waits.until(
                "flicker back on A",
                Duration.ofSeconds(5),
                50,
                () -> browser.findElement(By.id("label-a")).getText().startsWith("A: original"),
                () -> "label");
        browser.findElement(By.id("flicker")).click();
        assertEquals("off", browser.findElement(By.id("viewer")).getAttribute("data-flicker"));

        // A window typed in changes both images, not the difference.
        setValue("window-centre", "300");
        setValue("window-width", "200");
        browser.findElement(By.cssSelector("#window-form button[type=submit]")).click();
        assertNotEquals(original[1], canvas("canvas-original")[1], "window applied to the original");
        assertNotEquals(deblurred[1], canvas("canvas-derived")[1], "window applied to the deblurred image");
        assertEquals(difference[1], canvas("canvas-difference")[1], "the difference keeps its own window");
        assertTrue(
                browser.findElement(By.id("label-a")).getText().contains("C 300 W 200"),
                browser.findElement(By.id("label-a")).getText());
        screenshot("viewer-window");
        browser.findElement(By.id("window-auto")).click();

        // Wheel over the original: the deblurred and difference views zoom with it (one shared view).
        long[] derivedFit = canvas("canvas-derived");
        long[] differenceFit = canvas("canvas-difference");
        ((JavascriptExecutor) browser).executeScript("""
                var c = document.getElementById('canvas-original'), r = c.getBoundingClientRect();
                for (var i = 0; i < 3; i++) {
                  c.dispatchEvent(new WheelEvent('wheel', {deltaY: -100, clientX: r.left + r.width * 0.45,
                      clientY: r.top + r.height * 0.35, bubbles: true, cancelable: true}));
                }""");
        assertEquals("195 %", browser.findElement(By.id("zoom")).getText());
        assertNotEquals(derivedFit[1], canvas("canvas-derived")[1], "the deblurred view zoomed too");
        assertNotEquals(differenceFit[1], canvas("canvas-difference")[1], "the difference view zoomed too");
        screenshot("viewer-zoom");

        // Try it: a 512x512 16-bit PNG up, both images and scores shown, the result downloaded.
        Frame input = blurredPhantom(512, 512);
        Path png = work.resolve("phantom-512.png");
        ImageFiles.write(input, png, ImageFormat.PNG);
        open("/console/try-it");
        browser.findElement(By.id("try-file")).sendKeys(png.toString());
        browser.findElement(By.id("try-run")).click();
        Waits.until(
                "Try it done",
                Duration.ofMinutes(3),
                250,
                () -> browser.findElement(By.tagName("body")).getAttribute("data-try-it-done") != null,
                () -> "status: " + browser.findElement(By.id("try-status")).getText());
        assertTrue(
                browser.findElement(By.cssSelector("#try-result .scores"))
                        .getText()
                        .matches("(?s)Blur score 0\\.\\d{3} → 0\\.\\d{3}.*"),
                browser.findElement(By.cssSelector("#try-result .scores")).getText());
        assertTrue(canvas("try-canvas-in")[0] > 10_000 && canvas("try-canvas-out")[0] > 10_000, "both drawn");
        screenshot("try-it");
        String download = browser.findElement(By.id("try-download")).getAttribute("href");
        HttpResponse<byte[]> file = HTTP.send(
                HttpRequest.newBuilder(URI.create(download))
                        .header("Cookie", cookies())
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, file.statusCode());
        Frame result = ImageFiles.read(file.body(), "download.png");
        assertEquals(512, result.width());
        assertEquals(512, result.height());
        assertEquals(16, result.bitsStored(), "16-bit in, 16-bit PNG out");
        assertFalse(Arrays.equals(input.samples(), result.samples()), "the result differs from the upload");
        assertTrue(Files.notExists(gateway.dataDir().resolve("try-it")), "nothing kept unless asked");

        // A bad file on the page: the server's reason is shown.
        Path text = Files.writeString(work.resolve("notes.txt"), "not an image");
        browser.findElement(By.id("try-file")).sendKeys(text.toString());
        browser.findElement(By.id("try-run")).click();
        Waits.until(
                "refusal shown",
                Duration.ofSeconds(20),
                100,
                () -> browser.findElement(By.id("try-status")).getText().contains("is not a PNG, JPEG or DICOM file"),
                () -> browser.findElement(By.id("try-status")).getText());

        // Keep, asked for: the upload and the result land in <data-dir>/try-it/<time>-<id>/ and the answer says where;
        // a DICOM upload (MONOCHROME1) is accepted and reported for display inverted.
        String token =
                browser.findElement(By.cssSelector("meta[name=csrf-token]")).getAttribute("content");
        HttpResponse<String> kept = tryItRun(token, "phantom-512.png", Files.readAllBytes(png), true);
        assertEquals(200, kept.statusCode(), kept.body());
        Matcher where = Pattern.compile("\"kept\":\"([^\"]+)\"").matcher(kept.body());
        assertTrue(where.find(), kept.body());
        Path keptDir = Path.of(where.group(1));
        assertTrue(keptDir.startsWith(gateway.dataDir().resolve("try-it").toAbsolutePath()), keptDir.toString());
        assertTrue(
                Files.isRegularFile(keptDir.resolve("input.png"))
                        && Files.isRegularFile(keptDir.resolve("deblurred-rdsam-lite.png")),
                keptDir.toString());
        HttpResponse<String> dicom = tryItRun(token, "chest.dcm", Files.readAllBytes(chest), false);
        assertEquals(200, dicom.statusCode(), dicom.body());
        assertTrue(
                dicom.body().contains("\"kind\":\"DICOM\"")
                        && dicom.body().contains("\"invert\":true")
                        && dicom.body().contains("\"width\":440"),
                dicom.body());

        timings(derived.substring(derived.lastIndexOf('/') + 1), Files.readAllBytes(png));
    }

    private static HttpResponse<String> tryItRun(String token, String name, byte[] body, boolean keep)
            throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(
                                base() + "/console/try-it/runs?name=" + name + "&model=rdsam-lite&keep=" + keep))
                        .header("Cookie", cookies())
                        .header("X-CSRF-TOKEN", token)
                        .header("Content-Type", "application/octet-stream")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Medians of 5: the frame endpoint beside a static file, a Try-it run beside its bare network time. */
    private static void timings(String derivedUid, byte[] png) throws Exception {
        String cookie = cookies();
        List<Double> frame = new ArrayList<>();
        List<Double> css = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            frame.add(timeGet("/console/previews/" + derivedUid + "/frames/0/derived", cookie));
            css.add(timeGet("/console/static/console.css", cookie));
        }
        open("/console/try-it");
        String token =
                browser.findElement(By.cssSelector("meta[name=csrf-token]")).getAttribute("content");
        List<Double> total = new ArrayList<>();
        List<Double> network = new ArrayList<>();
        List<Double> wall = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long start = System.nanoTime();
            HttpResponse<String> r = tryItRun(token, "phantom-512.png", png, false);
            wall.add((System.nanoTime() - start) / 1e6);
            assertEquals(200, r.statusCode(), r.body());
            total.add(jsonNumber(r.body(), "totalMillis"));
            network.add(jsonNumber(r.body(), "networkMillis"));
        }
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                .filter(l -> l.startsWith("model name"))
                .findFirst()
                .map(l -> l.substring(l.indexOf(':') + 1).trim())
                .orElse("unknown CPU");
        String report = String.format(
                Locale.ROOT,
                """
                CPU: %s; load average: %s
                viewer frame endpoint (%s, derived frame 1, gzip as stored), median of 5: %.1f ms (runs %s); \
                static console.css beside it: %.1f ms (runs %s)
                Try it, 512x512 16-bit PNG, rdsam-lite: server total (decode + network + scores) median %.0f ms \
                (runs %s), network alone %.0f ms (runs %s), request wall time %.0f ms
                """,
                cpu,
                Files.readString(Path.of("/proc/loadavg")).trim(),
                derivedUid,
                median(frame),
                frame,
                median(css),
                css,
                median(total),
                total,
                median(network),
                network,
                median(wall));
        Files.writeString(ItDirs.logs().resolve("console-viewer-timings.txt"), report);
        System.out.println(report);
    }

    private static double timeGet(String path, String cookie) throws Exception {
        long start = System.nanoTime();
        HttpResponse<byte[]> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(base() + path))
                        .header("Cookie", cookie)
                        .header("Accept-Encoding", "gzip")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        double ms = (System.nanoTime() - start) / 1e6;
        assertEquals(200, r.statusCode(), path);
        return ms;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    private static double jsonNumber(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":([0-9.]+)").matcher(json);
        assertTrue(m.find(), json);
        return Double.parseDouble(m.group(1));
    }

    /** A smooth 16-bit phantom: bars and disks, box-blurred three times (close to a Gaussian of sigma ~4 px). */
    static Frame blurredPhantom(int width, int height) {
        double[] v = new double[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double value = 8000;
                if ((x / 24) % 2 == 0 && y < height / 2) {
                    value = 40000;
                }
                double dx = x - width * 0.7;
                double dy = y - height * 0.7;
                if (dx * dx + dy * dy < 60 * 60) {
                    value = 55000;
                }
                if (Math.abs(x - width / 4) < 3 && y > height / 2) {
                    value = 30000;
                }
                v[y * width + x] = value;
            }
        }
        for (int pass = 0; pass < 3; pass++) {
            v = boxBlur(v, width, height, 4);
        }
        int[] samples = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            samples[i] = (int) Math.round(Math.max(0, Math.min(65535, v[i])));
        }
        return new Frame(width, height, 1, 16, false, samples);
    }

    private static double[] boxBlur(double[] in, int width, int height, int r) {
        double[] tmp = new double[in.length];
        double[] out = new double[in.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double sum = 0;
                for (int k = -r; k <= r; k++) {
                    sum += in[y * width + Math.min(width - 1, Math.max(0, x + k))];
                }
                tmp[y * width + x] = sum / (2 * r + 1);
            }
        }
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double sum = 0;
                for (int k = -r; k <= r; k++) {
                    sum += tmp[Math.min(height - 1, Math.max(0, y + k)) * width + x];
                }
                out[y * width + x] = sum / (2 * r + 1);
            }
        }
        return out;
    }

    /** Pixels with any red above 0, and a hash of the red channel, of a canvas as drawn. */
    private static long[] canvas(String id) {
        List<?> r = (List<?>) ((JavascriptExecutor) browser).executeScript("""
                var c = document.getElementById(arguments[0]);
                var d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                var lit = 0, hash = 0;
                for (var i = 0; i < d.length; i += 4) { if (d[i] > 0) { lit++; } hash = (hash * 31 + d[i]) | 0; }
                return [lit, hash];""", id);
        return new long[] {((Number) r.get(0)).longValue(), ((Number) r.get(1)).longValue()};
    }

    private static void setValue(String id, String value) {
        var input = browser.findElement(By.id(id));
        input.clear();
        input.sendKeys(value);
    }

    private static String cookies() {
        StringBuilder b = new StringBuilder();
        browser.manage()
                .getCookies()
                .forEach(c -> b.append(b.length() == 0 ? "" : "; ")
                        .append(c.getName())
                        .append('=')
                        .append(c.getValue()));
        return b.toString();
    }

    private static void logIn() {
        ConsoleBrowser.logIn(browser, base(), USER, PASSWORD);
        assertTrue(
                browser.findElement(By.tagName("header")).getText().contains(USER + " viewer"),
                browser.findElement(By.tagName("header")).getText());
    }

    private static String base() {
        return "http://127.0.0.1:" + gateway.httpPort();
    }

    private static void open(String path) {
        browser.get(base() + path);
    }

    private static void screenshot(String name) throws Exception {
        ConsoleBrowser.screenshot(browser, name);
    }

    private static int run(List<String> command) throws Exception {
        return Dcmtk.runLogged(command, ItDirs.logs().resolve("console-viewer-tools.log"));
    }
}
