package org.deblurgateway.gateway.dicomweb;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;

/** The DICOMweb STOW-RS ingest port ({@code gateway.dicomweb.*}); defaults in application.properties. */
@ConfigMapping(prefix = "gateway.dicomweb")
public interface DicomWebConfig {

    /** TCP port of the STOW-RS server ({@code POST /dicomweb/studies}); absent = no DICOMweb ingest. */
    OptionalInt port();

    /** Interface to listen on; 127.0.0.1 keeps it local, 0.0.0.0 exposes it on every interface. */
    String bindAddress();

    /** Calling AE title recorded for objects received with STOW-RS (what rules match as calling-ae-title). */
    String callingAeTitle();

    /** Roles of the console's users that may store (a viewer may not: 403). */
    List<String> rolesAllowed();

    /** Requests stored at once; one more is answered 503 with Retry-After. */
    int maxRequests();

    /** Longest wait for the next bytes of a request body before the request is abandoned. */
    Duration readTimeout();
}
