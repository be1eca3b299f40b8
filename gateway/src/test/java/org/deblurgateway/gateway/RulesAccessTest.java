package org.deblurgateway.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.deblurgateway.routes.rules.ActiveRules;
import org.deblurgateway.routes.rules.RulesVersion;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Rules page and the rules endpoints in the running application: viewers read, validate and dry-run, only
 * admins apply and reload, every console form needs its CSRF token; an invalid text or file changes nothing; a
 * valid one is in force at once (the {@link ActiveRules} bean the routes read) with the old file kept.
 */
@QuarkusTest
@TestProfile(RulesTestProfile.class)
class RulesAccessTest {

    private static final String OPERATOR = ManagementHttp.OPERATOR;
    private static final String VIEWER = ManagementHttp.VIEWER;
    private static final String TWO_DESTINATIONS = """
            destinations:
              pacs: {ae-title: PACS, host: 127.0.0.1, port: 4242}
              archive: {ae-title: ARCHIVE, host: 127.0.0.1, port: 4243}
            rules:
              - name: no-ct
                match: {modality: CT}
                action: drop
              - name: default
                action: pass
                destinations: [pacs, archive]
            """;

    @ConfigProperty(name = "quarkus.http.test-port")
    int httpPort;

    @Inject
    ActiveRules active;

    private final Path file = RulesTestProfile.RULES_FILE;
    private final Path previous = file.resolveSibling(file.getFileName() + ".previous");

    @BeforeEach
    void startFromPassToPacs() throws Exception {
        Files.writeString(file, RulesTestProfile.PASS_TO_PACS);
        assertEquals(
                200,
                send(post("/admin/rules/reload", "").header("Authorization", OPERATOR))
                        .statusCode());
        Files.deleteIfExists(previous);
    }

    @Test
    void adminRules_viewerReads_onlyAdminReloads() throws Exception {
        HttpResponse<String> shown = send(get("/admin/rules").header("Authorization", VIEWER));
        assertEquals(200, shown.statusCode());
        assertEquals(
                RulesVersion.sha256(RulesTestProfile.PASS_TO_PACS), new JsonObject(shown.body()).getString("sha256"));
        assertEquals(401, send(post("/admin/rules/reload", "")).statusCode());
        assertEquals(
                403,
                send(post("/admin/rules/reload", "").header("Authorization", VIEWER))
                        .statusCode());
    }

    @Test
    void reloadEndpoint_fileEditedByHand_inForce() throws Exception {
        Files.writeString(file, TWO_DESTINATIONS);
        HttpResponse<String> reloaded = send(post("/admin/rules/reload", "").header("Authorization", OPERATOR));
        assertEquals(200, reloaded.statusCode(), reloaded.body());
        JsonObject body = new JsonObject(reloaded.body());
        assertEquals(RulesVersion.sha256(TWO_DESTINATIONS), body.getString("sha256"));
        assertEquals("operator", body.getString("appliedBy"));
        assertEquals(RulesVersion.sha256(TWO_DESTINATIONS), active.version().sha256());
        assertEquals(2, active.ruleSet().destinations().size());
    }

    @Test
    void reloadEndpoint_invalidEdit_422AndOldRulesStay() throws Exception {
        String before = active.version().sha256();
        Files.writeString(file, RulesTestProfile.PASS_TO_PACS.replace("[pacs]", "[pacs2]"));
        HttpResponse<String> refused = send(post("/admin/rules/reload", "").header("Authorization", OPERATOR));
        assertEquals(422, refused.statusCode(), refused.body());
        assertTrue(
                refused.body().contains("rule 'default': destinations: unknown destination 'pacs2' (defined: pacs)"),
                refused.body());
        assertEquals(before, active.version().sha256());
    }

    @Test
    void consolePage_viewerValidatesAndSeesProblem_cannotApply() throws Exception {
        String cookie = login("viewer", "viewer-test");
        Csrf csrf = csrf(cookie);
        HttpResponse<String> page = send(get("/console/rules").header("Cookie", cookie));
        assertTrue(page.body().contains(RulesVersion.sha256(RulesTestProfile.PASS_TO_PACS)), page.body());
        assertFalse(page.body().contains("id=\"rules-apply\""), "no Apply button for a viewer");

        HttpResponse<String> validated = send(post(
                        "/console/rules/validate",
                        csrf.field() + "&rules=" + form(TWO_DESTINATIONS.replace("[pacs, archive]", "[pacs, archiv]")))
                .header("Cookie", cookie + "; " + csrf.cookie()));
        assertEquals(200, validated.statusCode(), validated.body());
        assertTrue(
                validated
                        .body()
                        .contains("<td class=\"where\">rule &#39;default&#39;</td><td>destinations: "
                                + "unknown destination &#39;archiv&#39; (defined: pacs, archive)</td>"),
                validated.body());

        HttpResponse<String> applied =
                send(post("/console/rules/apply", csrf.field() + "&rules=" + form(TWO_DESTINATIONS))
                        .header("Cookie", cookie + "; " + csrf.cookie()));
        assertEquals(403, applied.statusCode());
        assertEquals(RulesTestProfile.PASS_TO_PACS, Files.readString(file));
    }

    @Test
    void consolePage_adminApplies_inForceFileReplacedPreviousKept() throws Exception {
        String cookie = login("operator", "operator-test");
        Csrf csrf = csrf(cookie);

        HttpResponse<String> forged = send(post("/console/rules/apply", "rules=" + form(TWO_DESTINATIONS))
                .header("Cookie", cookie + "; " + csrf.cookie()));
        assertNotEquals(200, forged.statusCode(), "no CSRF token, no change");
        assertEquals(RulesTestProfile.PASS_TO_PACS, Files.readString(file));

        HttpResponse<String> invalid = send(post(
                        "/console/rules/apply",
                        csrf.field() + "&rules=" + form(TWO_DESTINATIONS.replace("action: drop", "action: dorp")))
                .header("Cookie", cookie + "; " + csrf.cookie()));
        assertEquals(200, invalid.statusCode());
        assertTrue(invalid.body().contains("nothing was applied"), invalid.body());
        assertTrue(invalid.body().contains("action &#39;dorp&#39; is not available"), invalid.body());
        assertEquals(RulesTestProfile.PASS_TO_PACS, Files.readString(file));
        assertEquals(
                RulesVersion.sha256(RulesTestProfile.PASS_TO_PACS),
                active.version().sha256());

        HttpResponse<String> applied = send(
                post("/console/rules/apply", csrf.field() + "&rules=" + form(TWO_DESTINATIONS.replace("\n", "\r\n")))
                        .header("Cookie", cookie + "; " + csrf.cookie()));
        assertEquals(200, applied.statusCode(), applied.body());
        assertTrue(
                applied.body()
                        .contains("Applied: version "
                                + RulesVersion.sha256(TWO_DESTINATIONS).substring(0, 12)),
                applied.body());
        assertEquals(TWO_DESTINATIONS, Files.readString(file));
        assertEquals(RulesTestProfile.PASS_TO_PACS, Files.readString(previous));
        assertEquals("operator", active.version().appliedBy());
        assertEquals(2, active.ruleSet().destinations().size());

        HttpResponse<String> download = send(get("/console/rules/previous").header("Cookie", cookie));
        assertEquals(200, download.statusCode());
        assertEquals(RulesTestProfile.PASS_TO_PACS, download.body());
    }

    private record Csrf(String cookie, String field) {}

    private Csrf csrf(String sessionCookie) throws Exception {
        HttpResponse<String> response = send(get("/console/rules").header("Cookie", sessionCookie));
        assertEquals(200, response.statusCode(), response.body());
        String cookie = response.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("gateway-csrf="))
                .map(c -> c.substring(0, c.indexOf(';')))
                .findFirst()
                .orElseThrow();
        Matcher token =
                Pattern.compile("name=\"csrf-token\" value=\"([^\"]+)\"").matcher(response.body());
        assertTrue(token.find(), response.body());
        return new Csrf(cookie, "csrf-token=" + token.group(1));
    }

    private String login(String user, String password) throws Exception {
        HttpResponse<String> response =
                send(post("/j_security_check", "j_username=" + user + "&j_password=" + password));
        return response.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("gateway-console="))
                .filter(c -> !c.startsWith("gateway-console=;"))
                .map(c -> c.substring(0, c.indexOf(';')))
                .findFirst()
                .orElseThrow();
    }

    private static String form(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private HttpRequest.Builder get(String path) {
        return new ManagementHttp(httpPort).get(path);
    }

    private HttpRequest.Builder post(String path, String form) {
        return new ManagementHttp(httpPort).post(path, form);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return new ManagementHttp(httpPort).send(request);
    }

    private static String basic(String user, String password) {
        return ManagementHttp.basic(user, password);
    }
}
