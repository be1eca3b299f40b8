package org.deblurgateway.gateway.it.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What the console ITs share: Debian's headless Chromium through chromium-driver, console users as a site adds them,
 * the login form and the screenshots ({@code target/it-logs/screenshots/}; {@code -Dconsole.screenshots=docs} writes
 * them to docs/screenshots/ for the README instead).
 */
public final class ConsoleBrowser {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private ConsoleBrowser() {}

    /** Whether chromium and chromium-driver are installed (tools/bootstrap installs them). */
    public static boolean available() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /** A headless browser of a fixed window size at scale 1, so screenshots are the same size on every machine. */
    public static WebDriver start(int width, int height) {
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-dev-shm-usage",
                "--window-size=" + width + "," + height,
                "--force-device-scale-factor=1",
                "--disable-gpu");
        WebDriver browser = new ChromeDriver(options);
        browser.manage().timeouts().implicitlyWait(Duration.ofSeconds(5));
        return browser;
    }

    /**
     * Waits until the browser's address ends with {@code suffix}. A click that submits a form returns before the
     * redirect it causes has landed, so reading the address straight after it races the navigation.
     */
    public static void awaitAddressEnding(WebDriver browser, String suffix) {
        try {
            new WebDriverWait(browser, Duration.ofSeconds(15))
                    .until(driver -> driver.getCurrentUrl().endsWith(suffix));
        } catch (TimeoutException e) {
            throw new AssertionError(
                    "browser address does not end with " + suffix + " after 15 s: " + browser.getCurrentUrl(), e);
        }
    }

    /** The embedded realm's stored form of a password: HEX(SHA-512("user:DeblurGateway:password")). */
    public static String userDigest(String user, String password) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-512")
                            .digest((user + ":DeblurGateway:" + password).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-512 is part of every Java runtime", e);
        }
    }

    /** Adds one console user with {@code role} in {@code work}/config/application.properties, as a site would. */
    public static void writeUser(Path work, String user, String password, String role) throws IOException {
        Path config = work.resolve("config");
        Files.createDirectories(config);
        Files.writeString(
                config.resolve("application.properties"), """
                quarkus.security.users.embedded.users.%s=%s
                quarkus.security.users.embedded.roles.%s=%s
                """.formatted(user, userDigest(user, password), user, role));
    }

    /** Fills in and submits the login form of the console at {@code base} (e.g. http://127.0.0.1:8080). */
    public static void logIn(WebDriver browser, String base, String user, String password) {
        browser.get(base + "/console/login");
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(password);
        WebElement submit = browser.findElement(By.id("login"));
        submit.click();
        // The click returns before the form's answer has replaced the page: a page opened straight after it would
        // race that navigation (and may land on the login page again). Wait for the login form's page to go.
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(ExpectedConditions.stalenessOf(submit));
    }

    /** Saves what the browser shows as console-{@code name}.png in the screenshots folder. */
    public static void screenshot(WebDriver browser, String name) throws IOException {
        Path folder = "docs".equals(System.getProperty("console.screenshots"))
                ? ItDirs.repoRoot().resolve("docs").resolve("screenshots")
                : ItDirs.logs().resolve("screenshots");
        Files.createDirectories(folder);
        Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, folder.resolve("console-" + name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
