package org.deblurgateway.gateway.console.tryit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.deblurgateway.gateway.TryItTestProfile;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The console's image pages over HTTP, logged in as a viewer: Try it refuses bad uploads with a clear 4xx message in
 * JSON (the page shows it), needs the page's CSRF token and a login; the viewer answers for an instance without a
 * preview. No upload here reaches the network (HealthReadinessTest is the one Quarkus test that loads one).
 */
@QuarkusTest
@TestProfile(TryItTestProfile.class)
class TryItPageTest {

    @ConfigProperty(name = "quarkus.http.test-port")
    int httpPort;

    private final HttpClient http =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    void tryIt_badUploads_clear4xx() throws Exception {
        Session s = login();
        HttpResponse<String> page = send(get("/console/try-it").header("Cookie", s.cookie()));
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("rdsam-lite"), "models of the catalog offered");

        HttpResponse<String> text =
                send(upload(s, "notes.txt", "rdsam-lite", "hello".getBytes(StandardCharsets.UTF_8)));
        assertEquals(415, text.statusCode(), text.body());
        assertTrue(text.body().startsWith("{\"error\":\"notes.txt is not a PNG, JPEG or DICOM file"), text.body());

        HttpResponse<String> model = send(upload(s, "x.png", "../../etc", new byte[] {1, 2, 3}));
        assertEquals(400, model.statusCode(), model.body());
        assertTrue(model.body().contains("is not in this gateway's catalog"), model.body());

        HttpResponse<String> empty = send(upload(s, "x.png", "rdsam-lite", new byte[0]));
        assertEquals(400, empty.statusCode(), empty.body());
        assertTrue(empty.body().contains("the upload is empty"), empty.body());

        HttpResponse<String> forged =
                send(HttpRequest.newBuilder(uri("/console/try-it/runs?name=x.png&model=rdsam-lite"))
                        .header("Cookie", s.cookie())
                        .header("Content-Type", "application/octet-stream")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {1})));
        assertEquals(400, forged.statusCode(), "no CSRF token, no run: " + forged.body());
    }

    @Test
    void tryIt_withoutLogin_toTheLoginPage() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/console/try-it/runs?model=rdsam-lite"))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {1})));
        assertEquals(302, response.statusCode());
        assertEquals(302, send(get("/console/viewer/2.25.1")).statusCode());
        assertEquals(
                302, send(get("/console/previews/2.25.1/frames/0/original")).statusCode());
    }

    @Test
    void viewer_noPreview_saysWhy() throws Exception {
        Session s = login();
        HttpResponse<String> page = send(get("/console/viewer/2.25.12345").header("Cookie", s.cookie()));
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("No preview of this derived instance is kept"), page.body());
        assertEquals(
                404,
                send(get("/console/previews/2.25.12345/frames/0/original").header("Cookie", s.cookie()))
                        .statusCode());
        assertEquals(
                404,
                send(get("/console/previews/2.25.12345/frames/0/sideways").header("Cookie", s.cookie()))
                        .statusCode());
    }

    private record Session(String cookie, String csrfToken) {}

    /** Logs in as the test profile's viewer and reads the CSRF cookie and token the Try-it page carries. */
    private Session login() throws Exception {
        HttpResponse<String> login = send(HttpRequest.newBuilder(uri("/j_security_check"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("j_username=viewer&j_password=viewer-test")));
        String session = login.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("gateway-console="))
                .map(c -> c.substring(0, c.indexOf(';')))
                .findFirst()
                .orElseThrow();
        HttpResponse<String> page = send(get("/console/try-it").header("Cookie", session));
        String csrfCookie = page.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("gateway-csrf="))
                .map(c -> c.substring(0, c.indexOf(';')))
                .findFirst()
                .orElseThrow();
        Matcher token =
                Pattern.compile("name=\"csrf-token\" content=\"([^\"]+)\"").matcher(page.body());
        assertTrue(token.find(), page.body());
        return new Session(session + "; " + csrfCookie, token.group(1));
    }

    private HttpRequest.Builder upload(Session s, String name, String model, byte[] body) {
        return HttpRequest.newBuilder(uri("/console/try-it/runs?name=" + name + "&model=" + model))
                .header("Cookie", s.cookie())
                .header("X-CSRF-TOKEN", s.csrfToken())
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(uri(path)).GET();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
