package org.deblurgateway.dicom.tls;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the TLS keys and trusted certificates are: both PKCS#12.
 *
 * @param keyStore           our private key and certificate chain (the listener's server certificate, and the
 *                           sender's client certificate for peers that ask for one); needed to serve TLS
 * @param keyStorePassword   the key store's password (also the key's)
 * @param trustStore         the certificates we trust: CAs or peers' own certificates; needed to verify peers (the
 *                           sender always verifies its destination; the listener verifies client certificates)
 * @param trustStorePassword the trust store's password
 * @param verifyHostname     whether the sender checks that the destination's certificate names its host
 */
public record TlsStores(
        Optional<Path> keyStore,
        Optional<String> keyStorePassword,
        Optional<Path> trustStore,
        Optional<String> trustStorePassword,
        boolean verifyHostname) {}
