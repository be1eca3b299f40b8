package org.deblurgateway.testsupport;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A throwaway certificate authority for DICOM TLS tests, made with the openssl CLI and the JDK's keytool: RSA 2048
 * keys, a CA, and leaf certificates it signs, each as PEM (for dcmtk's {@code +tls key cert} and {@code +cf ca}) and
 * as a PKCS#12 key store (for the gateway); the CA alone as a PKCS#12 trust store.
 */
public final class TestCertificates {

    /** Password of every key and trust store written here. */
    public static final String PASSWORD = "changeit";

    private static final Duration LIMIT = Duration.ofSeconds(60);

    private final Path folder;

    /** One leaf: its key and certificate as PEM and both as a PKCS#12 key store. */
    public record Leaf(String subject, Path key, Path certificate, Path keyStore) {}

    private TestCertificates(Path folder) {
        this.folder = folder;
    }

    /** Skips the calling test when openssl or keytool is missing. */
    public static void assumeInstalled() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is not installed; run tools/bootstrap");
        assumeTrue(Files.isExecutable(keytool()), "keytool is not at " + keytool());
    }

    /** A new CA in {@code folder} (its key, certificate and a trust store holding only it). */
    public static TestCertificates authority(Path folder) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TestCertificates ca = new TestCertificates(folder);
        ca.openssl(
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "2",
                "-subj",
                "/O=Deblur Test/CN=Test CA",
                "-keyout",
                ca.caKey().toString(),
                "-out",
                ca.caCertificate().toString());
        run(List.of(
                keytool().toString(),
                "-importcert",
                "-noprompt",
                "-alias",
                "test-ca",
                "-storetype",
                "PKCS12",
                "-file",
                ca.caCertificate().toString(),
                "-keystore",
                ca.trustStore().toString(),
                "-storepass",
                PASSWORD));
        return ca;
    }

    public Path caCertificate() {
        return folder.resolve("ca.pem");
    }

    private Path caKey() {
        return folder.resolve("ca.key");
    }

    /** The CA as a PKCS#12 trust store (password {@link #PASSWORD}). */
    public Path trustStore() {
        return folder.resolve("trust.p12");
    }

    /** A server certificate for 127.0.0.1 and localhost (subject alternative names). */
    public Leaf server(String name) {
        return leaf(name, "/O=Deblur Test/CN=" + name, "subjectAltName=IP:127.0.0.1,DNS:localhost");
    }

    /** A certificate for a name with no address in it: what a peer at 127.0.0.1 must not be trusted with. */
    public Leaf serverForOtherHost(String name) {
        return leaf(name, "/O=Deblur Test/CN=" + name, "subjectAltName=DNS:pacs.elsewhere.example");
    }

    /** A client certificate with subject {@code CN=<commonName>,O=Deblur Test}. */
    public Leaf client(String commonName) {
        return leaf(commonName, "/O=Deblur Test/CN=" + commonName, "extendedKeyUsage=clientAuth");
    }

    private Leaf leaf(String name, String subject, String extension) {
        Path key = folder.resolve(name + ".key");
        Path csr = folder.resolve(name + ".csr");
        Path cert = folder.resolve(name + ".pem");
        Path store = folder.resolve(name + ".p12");
        Path ext = folder.resolve(name + ".ext");
        try {
            Files.writeString(ext, extension + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        openssl(
                "req",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-subj",
                subject,
                "-keyout",
                key.toString(),
                "-out",
                csr.toString());
        openssl(
                "x509",
                "-req",
                "-in",
                csr.toString(),
                "-CA",
                caCertificate().toString(),
                "-CAkey",
                caKey().toString(),
                "-CAcreateserial",
                "-days",
                "2",
                "-extfile",
                ext.toString(),
                "-out",
                cert.toString());
        openssl(
                "pkcs12",
                "-export",
                "-inkey",
                key.toString(),
                "-in",
                cert.toString(),
                "-certfile",
                caCertificate().toString(),
                "-name",
                name,
                "-out",
                store.toString(),
                "-passout",
                "pass:" + PASSWORD);
        // RFC 2253 order, as X500Principal names it: most specific first.
        String rfc2253 = "CN=" + name + ",O=Deblur Test";
        return new Leaf(rfc2253, key, cert, store);
    }

    private void openssl(String... arguments) {
        List<String> command = new ArrayList<>();
        command.add("/usr/bin/openssl");
        command.addAll(List.of(arguments));
        run(command);
    }

    private static void run(List<String> command) {
        ToolRun run = ToolRun.of(LIMIT, command);
        if (run.exit() != 0) {
            throw new AssertionError(
                    "failed (exit " + run.exit() + "): " + String.join(" ", command) + "\n" + run.output());
        }
    }

    private static Path keytool() {
        return Path.of(System.getProperty("java.home"), "bin", "keytool");
    }
}
