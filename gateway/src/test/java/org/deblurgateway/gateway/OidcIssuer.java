package org.deblurgateway.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A small OpenID Connect provider on a loopback port, enough for the authorization code flow: discovery document,
 * JWKS, an authorization endpoint that logs in a fixed user at once, and a token endpoint that answers with an
 * RS256-signed ID token. Tests can have it sign with a key it does not publish, which a relying party that really
 * validates the token must refuse. No real provider (Keycloak and the like) can be run on this machine.
 */
public class OidcIssuer implements QuarkusTestResourceLifecycleManager {

    static final String CLIENT_ID = "deblur-console";
    static final String CLIENT_SECRET = "console-secret-for-tests-only-0123456789";
    static final String USER = "dr.radiology";

    /** Sign ID tokens with a key not in the JWKS (the gateway must refuse them). */
    static volatile boolean signWithUnpublishedKey;
    /** Roles the next ID token's groups claim carries. */
    static volatile String groups = "admin";

    private static final KeyPair PUBLISHED = rsa();
    private static final KeyPair UNPUBLISHED = rsa();
    private static final Map<String, String> CODES = new ConcurrentHashMap<>();
    private static volatile String issuer;

    private HttpServer server;

    static String issuer() {
        return issuer;
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        issuer = "http://127.0.0.1:" + server.getAddress().getPort() + "/realm";
        server.createContext("/realm/.well-known/openid-configuration", this::discovery);
        server.createContext("/realm/jwks", this::jwks);
        server.createContext("/realm/authorize", this::authorize);
        server.createContext("/realm/token", this::token);
        server.start();
        Map<String, String> config = new HashMap<>();
        config.put("gateway.console.login", "code");
        config.put("quarkus.oidc.tenant-enabled", "true");
        config.put("quarkus.oidc.auth-server-url", issuer);
        config.put("quarkus.oidc.client-id", CLIENT_ID);
        config.put("quarkus.oidc.credentials.secret", CLIENT_SECRET);
        return config;
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private void discovery(HttpExchange exchange) throws IOException {
        json(exchange, 200, """
                {"issuer": "%1$s", "authorization_endpoint": "%1$s/authorize", "token_endpoint": "%1$s/token",
                 "jwks_uri": "%1$s/jwks", "response_types_supported": ["code"], "subject_types_supported": ["public"],
                 "id_token_signing_alg_values_supported": ["RS256"]}""".formatted(issuer));
    }

    private void jwks(HttpExchange exchange) throws IOException {
        RSAPublicKey key = (RSAPublicKey) PUBLISHED.getPublic();
        json(
                exchange,
                200,
                "{\"keys\": [{\"kty\": \"RSA\", \"use\": \"sig\", \"alg\": \"RS256\", \"kid\": \"k1\", \"n\": \""
                        + unsigned(key.getModulus()) + "\", \"e\": \"" + unsigned(key.getPublicExponent()) + "\"}]}");
    }

    /** The user is logged in at once: back to the relying party with a code for its state. */
    private void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> q = form(exchange.getRequestURI().getRawQuery());
        String code = UUID.randomUUID().toString();
        CODES.put(code, q.getOrDefault("nonce", ""));
        String back = q.get("redirect_uri") + (q.get("redirect_uri").contains("?") ? "&" : "?") + "code=" + code
                + "&state=" + URLEncoder.encode(q.get("state"), StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Location", back);
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    private void token(HttpExchange exchange) throws IOException {
        Map<String, String> f = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String nonce = CODES.remove(f.getOrDefault("code", ""));
        String expectedAuth = "Basic "
                + Base64.getEncoder()
                        .encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        boolean clientOk = expectedAuth.equals(exchange.getRequestHeaders().getFirst("Authorization"))
                || CLIENT_SECRET.equals(f.get("client_secret"));
        if (nonce == null || !clientOk) {
            json(exchange, 400, "{\"error\": \"invalid_grant\"}");
            return;
        }
        long now = System.currentTimeMillis() / 1000;
        String claims = "{\"iss\": \"" + issuer + "\", \"aud\": \"" + CLIENT_ID + "\", \"sub\": \"u-1\","
                + " \"preferred_username\": \"" + USER + "\", \"groups\": [\"" + groups + "\"], \"iat\": " + now
                + ", \"exp\": " + (now + 300) + (nonce.isEmpty() ? "" : ", \"nonce\": \"" + nonce + "\"") + "}";
        json(
                exchange,
                200,
                "{\"access_token\": \"opaque-" + UUID.randomUUID() + "\", \"token_type\": \"Bearer\", \"expires_in\":"
                        + " 300, \"id_token\": \"" + jwt(claims) + "\"}");
    }

    private static String jwt(String claims) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String signingInput = b64.encodeToString(
                        "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"k1\"}".getBytes(StandardCharsets.UTF_8))
                + "." + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign((signWithUnpublishedKey ? UNPUBLISHED : PUBLISHED).getPrivate());
            rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + b64.encodeToString(rs256.sign());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> form(String encoded) {
        Map<String, String> values = new HashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return values;
        }
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                values.put(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    private static void json(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        int skip = bytes.length > 1 && bytes[0] == 0 ? 1 : 0;
        byte[] trimmed = new byte[bytes.length - skip];
        System.arraycopy(bytes, skip, trimmed, 0, trimmed.length);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(trimmed);
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
