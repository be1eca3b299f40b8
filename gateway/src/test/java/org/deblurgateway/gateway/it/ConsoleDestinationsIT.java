package org.deblurgateway.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.deblurgateway.gateway.it.support.ConsoleBrowser;
import org.deblurgateway.gateway.it.support.GatewayProcess;
import org.deblurgateway.gateway.it.support.ItDirs;
import org.deblurgateway.testsupport.FreePorts;
import org.deblurgateway.testsupport.Storescp;
import org.deblurgateway.testsupport.Waits;
import org.junit.jupiter.api.Test;

/**
 * The Destinations page's columns of the scheduled C-ECHO, read from the page the packaged gateway serves: with one
 * destination up (dcmtk's storescp) and one down (nothing listens on its port), each row shows when it was last
 * echoed, up or down with the reason, and the round trip; once the down one's peer starts, its row turns up at the
 * next scheduled echo, with nobody pressing its button.
 */
class ConsoleDestinationsIT {

    private static final String USER = "watcher";
    private static final String PASSWORD = "console-destinations-it";

    /** The scheduled-echo cells of one row of the page. */
    private record EchoCells(String at, String status, String rtt) {}

    @Test
    void destinationsPage_oneUpOneDown_echoColumnsShowEach_thenTheDownOneComesUp() throws Exception {
        assumeTrue(Storescp.installed(), "dcmtk is not installed; run tools/bootstrap");
        Path work = ItDirs.newWork("console-destinations");
        int pacsPort = FreePorts.next();
        int archivePort = FreePorts.next();
        Path rules = Files.writeString(work.resolve("rules.yaml"), """
                destinations:
                  pacs: {ae-title: PACS, host: 127.0.0.1, port: %d}
                  archive: {ae-title: ARCHIVE, host: 127.0.0.1, port: %d, max-associations: 2}
                rules:
                  - name: pass-all
                    action: pass
                    destinations: [pacs, archive]
                """.formatted(pacsPort, archivePort));
        Map<String, String> env = new HashMap<>();
        env.put("GATEWAY_DESTINATION_ECHO_INTERVAL", "1s");
        env.put("GATEWAY_DESTINATION_ECHO_TIMEOUT", "2s");
        env.put(
                "QUARKUS_SECURITY_USERS_EMBEDDED_USERS_" + USER.toUpperCase(Locale.ROOT),
                ConsoleBrowser.userDigest(USER, PASSWORD));
        env.put("QUARKUS_SECURITY_USERS_EMBEDDED_ROLES_" + USER.toUpperCase(Locale.ROOT), "viewer");
        try (Storescp pacs = Storescp.start("PACS", pacsPort, work.resolve("pacs"));
                GatewayProcess gateway =
                        new GatewayProcess("console-destinations", work.resolve("data"), rules, env).start()) {
            HttpClient http = HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(Duration.ofSeconds(10))
                    .build();
            String session = logIn(http, gateway.httpPort());

            String[] page = {""};
            Waits.until(
                    "both destinations echoed on the page",
                    Duration.ofSeconds(60),
                    500,
                    () -> {
                        page[0] = destinationsPage(http, gateway.httpPort(), session);
                        return echoed(page[0], "pacs") && echoed(page[0], "archive");
                    },
                    () -> page[0]);

            EchoCells up = cells(page[0], "pacs").orElseThrow();
            assertTrue(up.status().equals("<span class=\"state ok\">up</span>"), up.toString());
            assertTrue(up.rtt().matches("\\d+ ms"), up.toString());
            assertTrue(up.at().matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z"), "when: " + up);

            EchoCells down = cells(page[0], "archive").orElseThrow();
            assertTrue(down.status().startsWith("<span class=\"state bad\">down</span> "), down.toString());
            String reason = down.status().substring("<span class=\"state bad\">down</span> ".length());
            assertNotEquals("", reason.trim(), "the reason it is down");
            assertTrue(down.rtt().matches("\\d+ ms"), down.toString());
            assertTrue(down.at().matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z"), "when: " + down);
            // The most associations each may get: the rules file's max-associations, else one per forward sender.
            assertEquals("2 (max-associations)", cell(row(page[0], "archive").orElseThrow(), "n associations"));
            assertEquals("8 (one per sender)", cell(row(page[0], "pacs").orElseThrow(), "n associations"));

            try (Storescp archive = Storescp.start("ARCHIVE", archivePort, work.resolve("archive"))) {
                Waits.until(
                        "the archive shown up at a later scheduled echo",
                        Duration.ofSeconds(30),
                        500,
                        () -> {
                            page[0] = destinationsPage(http, gateway.httpPort(), session);
                            return cells(page[0], "archive")
                                    .map(c -> c.status().contains(">up<"))
                                    .orElse(false);
                        },
                        () -> page[0]);
                assertEquals(
                        "<span class=\"state ok\">up</span>",
                        cells(page[0], "pacs").orElseThrow().status(),
                        "pacs still up");
            }
        } finally {
            ItDirs.deleteTree(work);
        }
    }

    private static boolean echoed(String page, String destination) {
        return cells(page, destination).map(c -> !c.at().equals("—")).orElse(false);
    }

    /** The echo cells of {@code destination}'s row, as the template writes them. */
    private static Optional<EchoCells> cells(String page, String destination) {
        return row(page, destination)
                .map(text -> new EchoCells(cell(text, "echo-at"), cell(text, "echo-status"), cell(text, "n echo-rtt")));
    }

    /** The cells of {@code destination}'s row, as HTML. */
    private static Optional<String> row(String page, String destination) {
        Matcher row = Pattern.compile(
                        "<tr data-destination=\"" + Pattern.quote(destination) + "\">(.*?)</tr>", Pattern.DOTALL)
                .matcher(page);
        return row.find() ? Optional.of(row.group(1)) : Optional.empty();
    }

    private static String cell(String row, String cssClass) {
        Matcher m = Pattern.compile(
                        "<td class=\"" + Pattern.quote(cssClass) + "(?: [^\"]*)?\">(.*?)</td>", Pattern.DOTALL)
                .matcher(row);
        return m.find() ? m.group(1).trim() : "(no " + cssClass + " cell)";
    }

    private static String logIn(HttpClient http, int httpPort) throws IOException, InterruptedException {
        HttpResponse<String> ok = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/j_security_check"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("j_username=" + USER + "&j_password="
                                + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return ok.headers().allValues("set-cookie").stream()
                .filter(c -> c.startsWith("gateway-console="))
                .map(c -> c.substring(0, c.indexOf(';')))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no session cookie after login: " + ok.headers()));
    }

    private static String destinationsPage(HttpClient http, int httpPort, String session) {
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/console/destinations"))
                            .header("Cookie", session)
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : "HTTP " + r.statusCode() + ": " + r.body();
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e.toString();
        }
    }
}
