package org.deblurgateway.dicom.scu;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * A DICOMweb origin server we store to: its STOW-RS studies URL and how we log in there.
 *
 * @param studiesUrl    the URL STOW-RS requests are posted to (the service root + {@code /studies})
 * @param authorization the Authorization header's value (Bearer or Basic), absent when the server needs no login
 */
public record DicomWebEndpoint(URI studiesUrl, Optional<String> authorization) {

    public DicomWebEndpoint {
        Objects.requireNonNull(studiesUrl, "studiesUrl");
        Objects.requireNonNull(authorization, "authorization");
    }

    /** A server that takes a bearer token (RFC 6750). */
    public static String bearer(String token) {
        return "Bearer " + token;
    }

    /** A server that takes HTTP Basic credentials (RFC 7617, UTF-8). */
    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Never shows the credentials (log lines and dead letters print destinations). */
    @Override
    public String toString() {
        return studiesUrl + (authorization.isPresent() ? " (with login)" : "");
    }
}
