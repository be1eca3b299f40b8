package org.deblurgateway.gateway;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The DICOM listener's settings ({@code gateway.dicom.*}; each also as an env var, e.g. GATEWAY_DICOM_PORT); defaults
 * in application.properties.
 */
@ConfigMapping(prefix = "gateway.dicom")
public interface DicomListenerConfig {

    /** Called AE title the gateway answers to. */
    String aeTitle();

    /** More called AE titles accepted besides {@link #aeTitle()} (comma-separated). */
    Optional<List<String>> extraAeTitles();

    /** TCP port of the listener. */
    int port();

    /** Interface to listen on; 127.0.0.1 keeps it local, 0.0.0.0 exposes it on every interface. */
    String bindAddress();

    /** Largest P-DATA PDU accepted, in bytes (advertised to peers). */
    int maxPduLength();

    /** Associations served at once; further ones get A-ASSOCIATE-RJ (transient, local limit exceeded). */
    int maxAssociations();

    /** Calling AE titles allowed to associate (comma-separated); absent = any caller. */
    Optional<List<String>> allowedCallingAeTitles();

    /** How long a new connection may take, in total, for its TLS handshake and A-ASSOCIATE-RQ. */
    Duration associationRequestTimeout();

    /** Associations at once from one IP address (checked at TCP accept); absent = only max-associations. */
    OptionalInt maxAssociationsPerAddress();

    /** Associations at once under one calling AE title; absent = only max-associations. */
    OptionalInt maxAssociationsPerCallingAe();

    /** Longest silence from a peer inside an association before it is aborted. */
    Duration readTimeout();

    /** How long shutdown waits for in-flight C-STOREs before aborting their associations. */
    Duration shutdownTimeout();

    /**
     * Largest data set taken (e.g. 2G, 500M), as sent and once inflated (deflate); a larger one gets 0xA700 and
     * leaves no file.
     */
    MemorySize maxObjectSize();

    /**
     * How long one reading of the spool's free space is trusted: each C-STORE checks it against
     * {@code gateway.health.min-spool-free} (below it: 0xA700 before anything is written), reading the disk at most
     * this often.
     */
    Duration spoolSpaceRefresh();
}
