package org.deblurgateway.routes.config;

import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * DICOM TLS ({@code gateway.dicom.tls.*}), shared by the listener's TLS port and the sender's {@code tls: true}
 * destinations; defaults in application.properties.
 */
@ConfigMapping(prefix = "gateway.dicom.tls")
public interface DicomTlsConfig {

    /** TCP port of the TLS listener, beside the plain one; absent = no TLS listener. */
    OptionalInt port();

    /** PKCS#12 with our private key and certificate chain: the listener's server certificate, the sender's client one. */
    Optional<Path> keyStore();

    /** Password of the key store (and of its key). */
    Optional<String> keyStorePassword();

    /** PKCS#12 of trusted certificates (CAs): verifies client certificates and every TLS destination. */
    Optional<Path> trustStore();

    /** Password of the trust store; absent = the key store's password. */
    Optional<String> trustStorePassword();

    /** Whether peers on the TLS port must present a certificate the trust store accepts (mutual TLS). */
    boolean needClientAuth();

    /**
     * Client certificate subjects allowed per calling AE title ({@code allowed-subjects.CT01=CN=ct01,O=Hospital},
     * several separated by ';'); when any is set, every association on the TLS port needs a listed AE title with one
     * of its subjects. Needs need-client-auth.
     */
    Map<String, String> allowedSubjects();

    /** True: only the TLS port listens, the plain gateway.dicom.port is not opened. */
    boolean only();

    /** Whether the sender checks that a TLS destination's certificate names the destination's host. */
    boolean verifyHostname();
}
