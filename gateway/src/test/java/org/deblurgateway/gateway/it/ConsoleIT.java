package org.deblurgateway.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deblurgateway.gateway.it.support.ConsoleBrowser;
import org.deblurgateway.gateway.it.support.GatewayProcess;
import org.deblurgateway.gateway.it.support.ItDirs;
import org.deblurgateway.gateway.it.support.OrthancPeer;
import org.deblurgateway.gateway.it.support.RulesFile;
import org.deblurgateway.gateway.it.support.SharedData;
import org.deblurgateway.testsupport.Dcmtk;
import org.deblurgateway.testsupport.Waits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The console in a real browser (Debian's headless Chromium through Selenium) against the packaged gateway with
 * Orthanc as the PACS: login (a wrong password refused), a chest CR sent with storescu appears with its whole trail
 * (received, rule and why, frame deblurred by which worker, derived instance, both forwards), found by Patient ID;
 * sends dead-lettered while Orthanc is down are re-driven from the page once it is back, and Orthanc answers the
 * Destinations page's C-ECHO. Every page is saved as a screenshot under the IT logs
 * ({@code target/it-logs/screenshots/}); {@code -Dconsole.screenshots=docs} writes them to docs/screenshots/ for the
 * README instead (a plain test run leaves the checkout unchanged).
 */
class ConsoleIT {

    private static final String CHEST = "dwv-tests/tests/data/gdcm-CR-MONO1-10-chest.dcm";
    private static final String PATIENT_ID = "CHEST-4711";
    private static final String USER = "operator";
    private static final String PASSWORD = "console-it-secret";

    private static Path work;
    private static OrthancPeer orthanc;
    private static GatewayProcess gateway;
    private static WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(
                ConsoleBrowser.available(),
                "ConsoleIT skipped: Debian's chromium and chromium-driver are not installed (tools/bootstrap installs them)");
        SharedData.root();
        work = ItDirs.newWork("console");
        Files.createDirectories(work.resolve("orthanc"));
        orthanc = OrthancPeer.start("console", work.resolve("orthanc"));
        // Users as a site would add them: config/application.properties in the gateway's working directory.
        ConsoleBrowser.writeUser(work, USER, PASSWORD, "admin");
        gateway = new GatewayProcess(
                "console",
                work.resolve("gateway-data"),
                RulesFile.deblurAllTo(work, orthanc.dicomPort(), "rdsam-lite"),
                // One attempt: a send to a stopped Orthanc is dead-lettered at once.
                Map.of("GATEWAY_FORWARD_MAX_ATTEMPTS", "1", "GATEWAY_DEBLUR_THREADS", "2"));
        gateway.start();

        browser = ConsoleBrowser.start(1366, 1300);
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
    void console_loginSendFindTrail_redriveDeadLetters() throws Exception {
        // Wrong password: back on the login page with the error, no console.
        open("/console/studies");
        ConsoleBrowser.awaitAddressEnding(browser, "/console/login");
        screenshot("login");
        logIn(USER, "wrong-password");
        assertTrue(browser.findElement(By.id("login-error")).getText().contains("Wrong user name or password"));
        screenshot("login-refused");
        logIn(USER, PASSWORD);
        // Form login lands on the page first asked for.
        ConsoleBrowser.awaitAddressEnding(browser, "/console/studies");
        assertTrue(
                browser.findElement(By.tagName("header")).getText().contains(USER + " admin"),
                browser.findElement(By.tagName("header")).getText());

        Path chest = copyWith(PATIENT_ID, null, "chest.dcm");
        storescu(chest);
        String sop = Dcmtk.value(chest, "SOPInstanceUID");
        Waits.until(
                "original and derived at Orthanc",
                Duration.ofMinutes(5),
                500,
                () -> orthanc.instanceCount() == 2,
                () -> "now " + orthanc.instanceCount() + "; gateway log:\n" + gateway.logTail());

        // Found by Patient ID, then study -> instance -> trail.
        open("/console/studies");
        browser.findElement(By.id("search-q")).sendKeys(PATIENT_ID);
        browser.findElement(By.id("search")).click();
        // Only a search's answer has this link: the recent list before it has the same table, so wait for the answer.
        browser.findElement(By.linkText("show recent"));
        String studies = browser.findElement(By.id("studies")).getText();
        assertTrue(studies.contains(PATIENT_ID) && studies.contains("FUJI95714"), studies);
        screenshot("studies-search");
        browser.findElement(By.cssSelector("#studies a")).click();
        screenshot("study");
        browser.findElement(By.linkText(sop)).click();
        Waits.until(
                "both forwards in the trail",
                Duration.ofSeconds(60),
                1000,
                () -> {
                    browser.navigate().refresh();
                    return trailText().split("forward-delivered", -1).length - 1 == 2;
                },
                () -> "two delivered forwards in the trail:\n" + trailText());
        String trail = trailText();
        for (String expected : List.of(
                "received",
                "from STORESCU to DEBLUR, CR",
                "1.2.840.10008.1.2.1",
                "rule-matched",
                "rule 'deblur-all' -> deblur",
                "frame-deblurred",
                "frame 1/1 by worker",
                "derived-written",
                "forward-delivered",
                "to pacs, attempt 1: status 0000")) {
            assertTrue(trail.contains(expected), "trail lacks '" + expected + "':\n" + trail);
        }
        screenshot("instance-trail");

        // Orthanc down: the next object's two sends are dead-lettered; re-driven from the page once it is back.
        orthanc.stop();
        storescu(copyWith(PATIENT_ID, "2.25." + System.nanoTime(), "chest-2.dcm"));
        Waits.until(
                "two dead letters for pacs",
                Duration.ofMinutes(3),
                1000,
                () -> {
                    open("/console/dead-letters");
                    return browser.findElement(By.id("dead-letters")).getText().contains("pacs 2");
                },
                () -> "two dead letters for pacs:\n"
                        + browser.findElement(By.id("dead-letters")).getText() + "\ngateway log:\n"
                        + gateway.logTail());
        screenshot("dead-letters");
        // Both sends say what they hold: the original's modality, and the derived instance's from its job.
        List<String> modalities = browser
                .findElements(By.xpath("//h2[starts-with(., 'First')]/following-sibling::table//tbody/tr/td[5]"))
                .stream()
                .map(WebElement::getText)
                .toList();
        assertEquals(List.of("CR", "CR"), modalities, "modality column of the dead letters");
        browser.findElement(By.linkText("Delete…")).click();
        assertTrue(browser.findElement(By.id("confirm-delete")).getText().contains("Delete 2 send(s)"));
        screenshot("dead-letters-delete-confirm");
        browser.findElement(By.linkText("Cancel")).click();
        orthanc.start();
        browser.findElement(By.cssSelector("#dead-letters button")).click();
        assertTrue(
                browser.findElement(By.id("notice")).getText().contains("Re-drove 2 send(s) of pacs"),
                browser.findElement(By.id("notice")).getText());
        Waits.until(
                "re-driven sends at Orthanc",
                Duration.ofMinutes(2),
                500,
                () -> orthanc.instanceCount() == 4,
                () -> "re-driven sends at Orthanc, now " + orthanc.instanceCount());

        open("/console/destinations");
        browser.findElement(By.cssSelector("#destinations button")).click();
        String echo = browser.findElement(By.id("echo-result")).getText();
        assertTrue(echo.matches("(?s)C-ECHO to pacs: answered Success in \\d+ ms.*"), echo);
        assertEquals(
                "8 (one per sender)",
                browser.findElement(By.cssSelector("tr[data-destination='pacs'] td.associations"))
                        .getText(),
                "associations column: the shipped gateway.forward.concurrent-consumers, no max-associations");
        screenshot("destinations-echo");

        open("/console");
        String overview = browser.findElement(By.tagName("main")).getText();
        assertTrue(overview.contains("rdsam-lite"), overview);
        assertTrue(browser.findElements(By.cssSelector("svg.chart polyline")).size() == 5, "chart lines");
        fullPageScreenshot("overview"); // its frame workers and models lie below the window
    }

    private static String trailText() {
        return browser.findElement(By.id("trail")).getText();
    }

    private static void logIn(String user, String password) {
        ConsoleBrowser.logIn(browser, "http://127.0.0.1:" + gateway.httpPort(), user, password);
    }

    private static void open(String path) {
        browser.get("http://127.0.0.1:" + gateway.httpPort() + path);
    }

    /** The whole page: the window is made as tall as the document for the shot, then put back. */
    private static void fullPageScreenshot(String name) throws Exception {
        Dimension window = browser.manage().window().getSize();
        long height = (Long) ((JavascriptExecutor) browser)
                .executeScript("return Math.ceil(document.documentElement.scrollHeight);");
        browser.manage().window().setSize(new Dimension(window.getWidth(), (int) height + 150));
        try {
            screenshot(name);
        } finally {
            browser.manage().window().setSize(window);
        }
    }

    private static void screenshot(String name) throws Exception {
        ConsoleBrowser.screenshot(browser, name);
    }

    /** A copy of the chest CR with a Patient ID (the corpus file has none) and, optionally, a new SOP Instance UID. */
    private static Path copyWith(String patientId, String sopInstanceUid, String name) throws Exception {
        Path copy = work.resolve(name);
        Files.copy(SharedData.dicomFile(CHEST), copy, StandardCopyOption.REPLACE_EXISTING);
        List<String> command = new ArrayList<>(List.of("dcmodify", "-nb", "-i", "(0010,0020)=" + patientId));
        if (sopInstanceUid != null) {
            command.addAll(List.of("-m", "(0008,0018)=" + sopInstanceUid)); // dcmodify updates the meta header too
        }
        command.add(copy.toString());
        assertEquals(0, run(command), "dcmodify " + command);
        return copy;
    }

    private static void storescu(Path file) throws Exception {
        assertEquals(
                0,
                run(List.of(
                        "storescu",
                        "-aec",
                        GatewayProcess.AE_TITLE,
                        "127.0.0.1",
                        Integer.toString(gateway.dicomPort()),
                        file.toString())),
                "storescu " + file);
    }

    private static int run(List<String> command) throws Exception {
        return Dcmtk.runLogged(command, ItDirs.logs().resolve("console-tools.log"));
    }
}
