package org.deblurgateway.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * gateway.console.login=code: the console sends a browser to the OpenID Connect provider, takes the user back with
 * the authorization code, validates the provider's ID token (issuer, audience, signature against the provider's
 * JWKS) and gives the user the role of its groups claim; a token the provider's keys did not sign is refused. The
 * provider is {@link OidcIssuer}, a small one in the test (no real provider runs here).
 */
@QuarkusTest
@TestProfile(OidcTestProfile.class)
class OidcLoginTest {

    @ConfigProperty(name = "quarkus.http.test-port")
    int httpPort;

    private final HttpClient browser = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
            .build();

    @AfterEach
    void honestIssuer() {
        OidcIssuer.signWithUnpublishedKey = false;
        OidcIssuer.groups = "admin";
    }

    @Test
    void console_withoutSession_redirectsToTheIssuersAuthorizationEndpoint() throws Exception {
        HttpResponse<String> r = get(console("/console"));
        assertEquals(302, r.statusCode(), r.body());
        String location = r.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith(OidcIssuer.issuer() + "/authorize?"), location);
        assertTrue(location.contains("client_id=" + OidcIssuer.CLIENT_ID), location);
        assertTrue(location.contains("response_type=code"), location);
        assertTrue(location.contains("scope=openid"), location);
    }

    @Test
    void codeFlow_validToken_consoleOpensWithTheProvidersUserAndRole() throws Exception {
        String page = logIn();
        assertTrue(page.contains(OidcIssuer.USER), page);
        assertTrue(page.contains("<span class=\"role\">admin</span>"), page);
    }

    @Test
    void codeFlow_viewerGroup_consoleOpensAsViewer() throws Exception {
        OidcIssuer.groups = "viewer";
        String page = logIn();
        assertTrue(page.contains("<span class=\"role\">viewer</span>"), page);
    }

    @Test
    void codeFlow_tokenSignedWithAnUnpublishedKey_refused() throws Exception {
        OidcIssuer.signWithUnpublishedKey = true;
        HttpResponse<String> callback = followToCallback();
        assertEquals(401, callback.statusCode(), callback.body());
        // No session came of it: the console still sends the browser to the provider.
        HttpResponse<String> again = get(console("/console"));
        assertEquals(302, again.statusCode());
        assertTrue(again.headers().firstValue("Location").orElseThrow().startsWith(OidcIssuer.issuer()));
    }

    @Test
    void metricsAndAdminEndpoints_keepTheirOwnAccess() throws Exception {
        assertEquals(200, get(console("/q/metrics")).statusCode());
        assertEquals(401, get(console("/admin/dead-letters")).statusCode());
        HttpResponse<String> login = get(console("/console/login"));
        assertEquals(200, login.statusCode());
        assertTrue(login.body().contains("id=\"login-oidc\""), login.body());
        assertFalse(login.body().contains("j_security_check"), login.body());
    }

    /** Console -> provider -> back with the code: the gateway's answer to the callback. */
    private HttpResponse<String> followToCallback() throws Exception {
        HttpResponse<String> toProvider = get(console("/console"));
        assertEquals(302, toProvider.statusCode(), toProvider.body());
        HttpResponse<String> fromProvider =
                get(URI.create(toProvider.headers().firstValue("Location").orElseThrow()));
        assertEquals(302, fromProvider.statusCode(), fromProvider.body());
        return get(URI.create(fromProvider.headers().firstValue("Location").orElseThrow()));
    }

    private String logIn() throws Exception {
        HttpResponse<String> callback = followToCallback();
        assertEquals(302, callback.statusCode(), callback.body());
        URI back = console("/console")
                .resolve(callback.headers().firstValue("Location").orElseThrow());
        HttpResponse<String> page = get(back);
        assertEquals(200, page.statusCode(), page.body());
        return page.body();
    }

    private URI console(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        return browser.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
