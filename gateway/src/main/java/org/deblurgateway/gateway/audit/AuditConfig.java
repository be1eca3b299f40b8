package org.deblurgateway.gateway.audit;

import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The audit trail ({@code gateway.audit.*}); defaults in application.properties. */
@ConfigMapping(prefix = "gateway.audit")
public interface AuditConfig {

    /** Emit audit messages at all. */
    boolean enabled();

    /** The append-only audit file, one message per line; absent: {@code <data-dir>/audit/audit.log}. */
    Optional<Path> file();

    /** AuditSourceID of every message; absent: this machine's host name. */
    Optional<String> sourceId();

    /** AuditEnterpriseSiteID; absent: not written. */
    Optional<String> enterpriseSiteId();

    /** The gateway's UserID in the messages and the syslog APP-NAME. */
    String appName();

    /** Sending to a syslog collector (RFC 5424 over TLS, RFC 5425). */
    Syslog syslog();

    interface Syslog {

        /** The collector's host; absent: messages are kept in the file only. */
        Optional<String> host();

        /** The collector's TLS port (6514 is the one RFC 5425 assigns). */
        int port();

        /** PKCS#12 of the CAs trusted for the collector's certificate; absent: the JDK's default trust. */
        Optional<Path> trustStore();

        /** The trust store's password. */
        Optional<String> trustStorePassword();

        /** PKCS#12 with a client key and certificate, for collectors that ask for one (mutual TLS). */
        Optional<Path> keyStore();

        /** The key store's password. */
        Optional<String> keyStorePassword();

        /** Check that the collector's certificate names {@code host}. */
        boolean verifyHostname();

        /** Messages waiting for the collector; more are kept in the file only, and the drop is logged. */
        int queueCapacity();

        /** TCP connect and TLS handshake limit. */
        Duration connectTimeout();

        /** Longest wait between reconnect attempts while the collector is down. */
        Duration maxRetryDelay();
    }
}
