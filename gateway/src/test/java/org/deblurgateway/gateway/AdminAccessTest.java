package org.deblurgateway.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Who may use the management port: admin endpoints need HTTP basic credentials (401 without, 403 for a viewer's
 * change), console pages a form login, console changes the admin role and the page's CSRF token; health stays open.
 * Users: the test profile's operator (admin) and viewer in application.properties.
 */
@QuarkusTest
@TestProfile(IngestTestProfile.class)
class AdminAccessTest {

    private static final String OPERATOR = ManagementHttp.OPERATOR;
    private static final String VIEWER = ManagementHttp.VIEWER;

    @ConfigProperty(name = "quarkus.http.test-port")
    int httpPort;

    @Test
    void adminEndpoints_withoutCredentials_401() throws Exception {
        assertEquals(401, send(get("/admin/dead-letters")).statusCode());
        assertEquals(401, send(post("/admin/dead-letters/redrive", "")).statusCode());
        assertEquals(
                401,
                send(get("/admin/dead-letters").header("Authorization", basic("operator", "wrong")))
                        .statusCode());
    }

    @Test
    void adminEndpoints_viewerReads_onlyAdminChanges() throws Exception {
        assertEquals(
                200,
                send(get("/admin/dead-letters").header("Authorization", VIEWER)).statusCode());
        assertEquals(
                403,
                send(post("/admin/dead-letters/redrive", "").header("Authorization", VIEWER))
                        .statusCode());
        assertEquals(
                200,
                send(post("/admin/dead-letters/redrive", "").header("Authorization", OPERATOR))
                        .statusCode());
    }

    @Test
    void health_withoutLogin_readable() throws Exception {
        int status = send(get("/q/health/live")).statusCode();
        assertTrue(status == 200 || status == 503, "health answers without a login: " + status);
    }

    @Test
    void console_withoutLogin_redirectsToLoginPage() throws Exception {
        HttpResponse<String> response = send(get("/console/studies"));
        assertEquals(302, response.statusCode());
        assertTrue(
                response.headers().firstValue("Location").orElse("").endsWith("/console/login"),
                response.headers().toString());
        assertEquals(200, send(get("/console/login")).statusCode());
    }

    @Test
    void console_wrongPassword_refused() throws Exception {
        HttpResponse<String> response = login("viewer", "not-the-password");
        assertTrue(
                response.headers().firstValue("Location").orElse("").contains("/console/login?error"),
                response.headers().toString());
        assertTrue(sessionCookie(response).isEmpty());
    }

    @Test
    void console_viewerSeesPages_butCannotChange() throws Exception {
        String cookie = sessionCookie(login("viewer", "viewer-test")).orElseThrow();
        HttpResponse<String> overview = send(get("/console").header("Cookie", cookie));
        assertEquals(200, overview.statusCode());
        assertTrue(overview.body().contains("<h1>Overview</h1>"), overview.body());
        assertEquals(
                200,
                send(get("/console/studies?by=patient-id&q=none").header("Cookie", cookie))
                        .statusCode());

        Csrf csrf = csrf(cookie, "/console/dead-letters");
        HttpResponse<String> change = send(post("/console/dead-letters/redrive", csrf.field() + "&destination=pacs")
                .header("Cookie", cookie + "; " + csrf.cookie()));
        assertEquals(403, change.statusCode(), change.body());
    }

    @Test
    void console_adminChange_needsTheCsrfToken() throws Exception {
        String cookie = sessionCookie(login("operator", "operator-test")).orElseThrow();
        Csrf csrf = csrf(cookie, "/console/dead-letters");

        HttpResponse<String> forged = send(post("/console/dead-letters/redrive", "destination=pacs")
                .header("Cookie", cookie + "; " + csrf.cookie()));
        assertNotEquals(200, forged.statusCode(), "no token, no change");

        HttpResponse<String> real = send(post("/console/dead-letters/redrive", csrf.field() + "&destination=pacs")
                .header("Cookie", cookie + "; " + csrf.cookie()));
        assertEquals(200, real.statusCode(), real.body());
        assertTrue(real.body().contains("Re-drove 0 send(s) of pacs"), real.body());
    }

    private record Csrf(String cookie, String field) {}

    /** The CSRF cookie a console page sets and the token its forms carry. */
    private Csrf csrf(String sessionCookie, String page) throws Exception {
        HttpResponse<String> response = send(get(page).header("Cookie", sessionCookie));
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

    private HttpResponse<String> login(String user, String password) throws Exception {
        return send(post("/j_security_check", "j_username=" + user + "&j_password=" + password));
    }

    private static Optional<String> sessionCookie(HttpResponse<String> response) {
        return response.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("gateway-console="))
                .filter(c -> !c.startsWith("gateway-console=;"))
                .map(c -> c.substring(0, c.indexOf(';')))
                .findFirst();
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
