package org.deblurgateway.dicom.tls;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.security.auth.x500.X500Principal;

/**
 * The DICOM transport's TLS: one SSL context from PKCS#12 key and trust stores, and the sockets of both roles made
 * from it with the {@link TlsProfile} (TLS 1.2/1.3, AEAD suites) and nothing else. The listener's TLS server socket
 * and the sender's client sockets come from here, so both ends always speak the same profile. Thread-safe.
 */
public final class DicomTls {

    private final SSLContext context;
    private final boolean hasKey;
    private final boolean hasTrust;
    private final boolean verifyHostname;
    private final String[] protocols;
    private final String[] cipherSuites;

    private DicomTls(SSLContext context, boolean hasKey, boolean hasTrust, boolean verifyHostname) {
        this.context = context;
        this.hasKey = hasKey;
        this.hasTrust = hasTrust;
        this.verifyHostname = verifyHostname;
        SSLParameters supported = context.getSupportedSSLParameters();
        this.protocols = TlsProfile.protocols(supported.getProtocols());
        this.cipherSuites = TlsProfile.cipherSuites(supported.getCipherSuites());
        if (protocols.length == 0 || cipherSuites.length == 0) {
            throw new TlsSetupException("this JDK offers none of the BCP 195 protocols or cipher suites");
        }
    }

    /**
     * Loads the stores; each one present must open with its password and hold what it is for (a private key; at
     * least one trusted certificate), else a {@link TlsSetupException} names the file and the problem.
     */
    public static DicomTls load(TlsStores stores) {
        try {
            KeyManager[] keys = null;
            if (stores.keyStore().isPresent()) {
                char[] password = stores.keyStorePassword().orElse("").toCharArray();
                KeyStore keyStore = open(stores.keyStore().get(), password, "key store");
                if (!holdsPrivateKey(keyStore)) {
                    throw new TlsSetupException(
                            "TLS key store " + stores.keyStore().get()
                                    + " holds no private key (expected a PKCS#12 with our key and certificate chain)");
                }
                KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                factory.init(keyStore, password);
                keys = factory.getKeyManagers();
            }
            TrustManager[] trust = null;
            if (stores.trustStore().isPresent()) {
                KeyStore trustStore = open(
                        stores.trustStore().get(),
                        stores.trustStorePassword().orElse("").toCharArray(),
                        "trust store");
                if (!holdsTrustedCertificate(trustStore)) {
                    // openssl pkcs12 -nokeys writes certificates without Java's trust attribute: they load as nothing.
                    throw new TlsSetupException(
                            "TLS trust store " + stores.trustStore().get()
                                    + " holds no trusted certificate (make it with keytool -importcert -storetype PKCS12; "
                                    + "a PKCS#12 from openssl pkcs12 -nokeys lacks Java's trusted-certificate attribute)");
                }
                TrustManagerFactory factory =
                        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                factory.init(trustStore);
                trust = factory.getTrustManagers();
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, trust, null);
            return new DicomTls(context, keys != null, trust != null, stores.verifyHostname());
        } catch (GeneralSecurityException e) {
            throw new TlsSetupException("TLS setup failed: " + e.getMessage(), e);
        }
    }

    /** True when a key store with our key is loaded: needed to serve TLS. */
    public boolean canServe() {
        return hasKey;
    }

    /** True when a trust store is loaded: needed to verify peers (the sender's destinations, client certificates). */
    public boolean canVerifyPeers() {
        return hasTrust;
    }

    /** The protocols enabled on every socket, e.g. [TLSv1.3, TLSv1.2]. */
    public String[] protocols() {
        return protocols.clone();
    }

    /**
     * A bound TLS server socket: handshakes happen on the first read of each accepted socket (on the thread that
     * serves it, never the accept loop). With {@code needClientAuth} a peer without a trusted certificate is refused
     * in the handshake.
     */
    public ServerSocket bind(InetSocketAddress address, int backlog, boolean needClientAuth) throws IOException {
        if (!hasKey) {
            throw new TlsSetupException("a TLS listener needs a key store with the server's key and certificate");
        }
        if (needClientAuth && !hasTrust) {
            throw new TlsSetupException("client certificates cannot be checked without a trust store");
        }
        SSLServerSocket socket =
                (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setProtocols(protocols);
        parameters.setCipherSuites(cipherSuites);
        parameters.setUseCipherSuitesOrder(true);
        parameters.setNeedClientAuth(needClientAuth);
        socket.setSSLParameters(parameters);
        socket.setReuseAddress(true);
        socket.setReceiveBufferSize(256 * 1024);
        socket.bind(address, backlog);
        return socket;
    }

    /**
     * Layers TLS over a connected {@code socket} to {@code host} and completes the handshake within
     * {@code timeoutMillis}: the peer's certificate must chain to the trust store and, with hostname verification,
     * name {@code host}. Closing the returned socket closes {@code socket}.
     *
     * @throws javax.net.ssl.SSLException when the handshake fails (untrusted certificate, no common protocol, ...)
     */
    public SSLSocket connect(Socket socket, String host, int port, int timeoutMillis) throws IOException {
        if (!hasTrust) {
            throw new TlsSetupException("a TLS destination needs a trust store to verify its certificate");
        }
        SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket(socket, host, port, true);
        SSLParameters parameters = ssl.getSSLParameters();
        parameters.setProtocols(protocols);
        parameters.setCipherSuites(cipherSuites);
        if (verifyHostname) {
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
        }
        ssl.setSSLParameters(parameters);
        ssl.setSoTimeout(timeoutMillis);
        ssl.startHandshake();
        return ssl;
    }

    /** The subject of the certificate the peer of {@code session} presented; empty when it presented none. */
    public static Optional<X500Principal> peerSubject(SSLSession session) {
        try {
            Certificate[] chain = session.getPeerCertificates();
            if (chain.length > 0 && chain[0] instanceof X509Certificate leaf) {
                return Optional.of(leaf.getSubjectX500Principal());
            }
        } catch (SSLPeerUnverifiedException e) {
            // no client certificate
        }
        return Optional.empty();
    }

    private static KeyStore open(Path file, char[] password, String what) {
        if (!Files.isReadable(file)) {
            throw new TlsSetupException("TLS " + what + " " + file + " is not a readable file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            return store;
        } catch (IOException | GeneralSecurityException e) {
            // A wrong password and a file that is not PKCS#12 both end here; the cause says which.
            throw new TlsSetupException(
                    "TLS " + what + " " + file + " cannot be opened as PKCS#12 with its password: " + e.getMessage(),
                    e);
        }
    }

    private static boolean holdsPrivateKey(KeyStore store) throws GeneralSecurityException {
        for (String alias : Collections.list(store.aliases())) {
            if (store.isKeyEntry(alias)) {
                return true;
            }
        }
        return false;
    }

    private static boolean holdsTrustedCertificate(KeyStore store) throws GeneralSecurityException {
        for (String alias : Collections.list(store.aliases())) {
            if (store.isCertificateEntry(alias)) {
                return true;
            }
        }
        return false;
    }
}
