package org.deblurgateway.gateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Requests to the test application's management port as the test profile's users (application.properties of the
 * tests: operator with the admin role, viewer with the read-only one). Redirects are not followed, so a test sees
 * the login page's 302 itself.
 */
final class ManagementHttp {

    static final String OPERATOR = basic("operator", "operator-test");
    static final String VIEWER = basic("viewer", "viewer-test");

    private static final HttpClient HTTP =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private final int port;

    /** {@code port}: quarkus.http.test-port. */
    ManagementHttp(int port) {
        this.port = port;
    }

    HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(uri(path)).GET();
    }

    /** A form POST ({@code form} already URL-encoded; empty for none). */
    HttpRequest.Builder post(String path, String form) {
        return HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> getAsOperator(String path) throws IOException, InterruptedException {
        return send(get(path).header("Authorization", OPERATOR));
    }

    HttpResponse<String> postAsOperator(String path) throws IOException, InterruptedException {
        return send(post(path, "").header("Authorization", OPERATOR));
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
