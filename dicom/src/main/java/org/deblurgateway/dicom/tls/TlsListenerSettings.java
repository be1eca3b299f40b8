package org.deblurgateway.dicom.tls;

import java.util.Objects;

/**
 * The listener's TLS port.
 *
 * @param port           TCP port of the TLS accept loop; 0 picks a free one
 * @param tls            the key (and, for client certificates, trust) material
 * @param needClientAuth whether a peer must present a certificate the trust store accepts (mutual TLS)
 * @param clientSubjects which certificate subjects may call as which AE title (needs {@code needClientAuth})
 * @param plainPortOpen  whether the plain DICOM port listens too (false: TLS only)
 */
public record TlsListenerSettings(
        int port, DicomTls tls, boolean needClientAuth, ClientSubjects clientSubjects, boolean plainPortOpen) {

    public TlsListenerSettings {
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(clientSubjects, "clientSubjects");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("TLS port " + port + " is not a TCP port");
        }
        if (!tls.canServe()) {
            throw new IllegalArgumentException("the TLS port needs a key store (our key and certificate)");
        }
        if (needClientAuth && !tls.canVerifyPeers()) {
            throw new IllegalArgumentException("client certificates (need-client-auth) need a trust store");
        }
        if (clientSubjects.restricted() && !needClientAuth) {
            throw new IllegalArgumentException("allowed client certificate subjects need need-client-auth=true");
        }
    }
}
