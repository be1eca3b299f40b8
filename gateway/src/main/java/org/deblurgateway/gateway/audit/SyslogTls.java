package org.deblurgateway.gateway.audit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/** The TLS client side of the syslog connection, from PKCS#12 stores (the JDK's defaults where none is given). */
final class SyslogTls {

    private SyslogTls() {}

    static SSLSocketFactory socketFactory(
            Optional<Path> trustStore,
            Optional<String> trustStorePassword,
            Optional<Path> keyStore,
            Optional<String> keyStorePassword)
            throws IOException, GeneralSecurityException {
        TrustManager[] trust = null;
        if (trustStore.isPresent()) {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(load(trustStore.get(), trustStorePassword));
            trust = tmf.getTrustManagers();
        }
        KeyManager[] keys = null;
        if (keyStore.isPresent()) {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(load(keyStore.get(), keyStorePassword), password(keyStorePassword));
            keys = kmf.getKeyManagers();
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys, trust, null);
        return context.getSocketFactory();
    }

    private static KeyStore load(Path file, Optional<String> password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password(password));
        }
        return store;
    }

    private static char[] password(Optional<String> password) {
        return password.map(String::toCharArray).orElse(new char[0]);
    }
}
