package org.deblurgateway.dicom.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deblurgateway.dicom.scp.DicomListener;
import org.deblurgateway.dicom.scp.ListenerOptions;
import org.deblurgateway.dicom.scp.ListenerSettings;
import org.deblurgateway.dicom.scp.ReceivePath;
import org.deblurgateway.dicom.scp.RecordingIngest;
import org.deblurgateway.dicom.scp.Spool;
import org.deblurgateway.dicom.scp.TestListeners;
import org.deblurgateway.testsupport.Dcmtk;
import org.deblurgateway.testsupport.FreePorts;
import org.deblurgateway.testsupport.RawObjects;
import org.deblurgateway.testsupport.TestCertificates;
import org.deblurgateway.testsupport.ToolRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The listener's TLS port against dcmtk's echoscu/storescu {@code +tls} and openssl s_client: TLS 1.2/1.3 with the
 * BCP 195 suites accepted, TLS 1.0/1.1, weak ciphers and plain DICOM refused, client certificates checked against the
 * trust store and per calling AE title.
 */
class TlsListenerTest {

    @TempDir
    static Path certificates;

    private static TestCertificates ca;
    private static TestCertificates.Leaf server;
    private static TestCertificates.Leaf modality;
    private static TestCertificates.Leaf intruder;
    private static TestCertificates.Leaf untrusted;

    @TempDir
    Path work;

    private DicomListener listener;
    private final RecordingIngest ingest = new RecordingIngest();

    @BeforeAll
    static void makeCertificates() {
        Dcmtk.assumeInstalled();
        TestCertificates.assumeInstalled();
        ca = TestCertificates.authority(certificates.resolve("ca"));
        server = ca.server("gateway");
        modality = ca.client("modality1");
        intruder = ca.client("intruder");
        untrusted = TestCertificates.authority(certificates.resolve("other-ca")).client("modality1");
    }

    @AfterEach
    void stop() {
        if (listener != null) {
            listener.stop();
        }
    }

    private void start(boolean needClientAuth, Map<String, String> allowedSubjects, boolean plainPortOpen)
            throws IOException {
        ListenerSettings settings = TestListeners.settings();
        DicomTls tls = DicomTls.load(new TlsStores(
                Optional.of(server.keyStore()),
                Optional.of(TestCertificates.PASSWORD),
                Optional.of(ca.trustStore()),
                Optional.of(TestCertificates.PASSWORD),
                true));
        TlsListenerSettings tlsSettings = new TlsListenerSettings(
                0,
                tls,
                needClientAuth,
                allowedSubjects.isEmpty() ? ClientSubjects.any() : ClientSubjects.parse(allowedSubjects),
                plainPortOpen);
        listener = TestListeners.start(
                settings,
                new ReceivePath(new Spool(work.resolve("data")), ingest),
                ListenerOptions.none().withTls(tlsSettings));
    }

    private String tlsPort() {
        return Integer.toString(listener.tlsPort());
    }

    /** dcmtk's TLS options: our certificate and key, the CA that signed the gateway's. */
    private static List<String> tls(TestCertificates.Leaf as) {
        return List.of(
                "+tls",
                as.key().toString(),
                as.certificate().toString(),
                "+cf",
                ca.caCertificate().toString());
    }

    private ToolRun echo(String callingAe, TestCertificates.Leaf as) {
        List<String> command = new ArrayList<>(List.of("echoscu", "-aet", callingAe, "-aec", "DEBLUR", "-to", "5"));
        command.addAll(tls(as));
        command.addAll(List.of("127.0.0.1", tlsPort()));
        return Dcmtk.run(command.toArray(String[]::new));
    }

    @Test
    void echo_dcmtkTls_succeeds() throws Exception {
        start(false, Map.of(), true);
        ToolRun run = echo("MODALITY", modality);
        assertEquals(0, run.exit(), run.output());
    }

    @Test
    void store_dcmtkTls_objectReceivedAndAnnounced() throws Exception {
        start(false, Map.of(), true);
        Path file = RawObjects.secondaryCapture(work.resolve("sc.dcm"), "2.25.777001");
        List<String> command = new ArrayList<>(List.of("storescu", "-aet", "MODALITY", "-aec", "DEBLUR"));
        command.addAll(tls(modality));
        command.addAll(List.of("127.0.0.1", tlsPort(), file.toString()));
        ToolRun run = Dcmtk.run(command.toArray(String[]::new));
        assertEquals(0, run.exit(), run.output());
        assertEquals(1, ingest.announced().size(), "one object announced");
        assertEquals("2.25.777001", ingest.announced().get(0).summary().sopInstanceUid());
        assertEquals("MODALITY", ingest.announced().get(0).callingAeTitle());
    }

    @Test
    void echo_plainDicomOnTlsPort_refused() throws Exception {
        start(false, Map.of(), true);
        ToolRun plain = Dcmtk.run(
                "echoscu",
                "-aet",
                "MODALITY",
                "-aec",
                "DEBLUR",
                "-to",
                "5",
                "-ta",
                "5",
                "-td",
                "5",
                "127.0.0.1",
                tlsPort());
        assertNotEquals(0, plain.exit(), "plain DICOM on the TLS port must not be answered:\n" + plain.output());
        assertTrue(ingest.announced().isEmpty());
        // The plain port beside it still speaks plain DICOM, and the TLS port keeps serving TLS.
        assertEquals(
                0,
                Dcmtk.run(
                                "echoscu",
                                "-aet",
                                "MODALITY",
                                "-aec",
                                "DEBLUR",
                                "127.0.0.1",
                                Integer.toString(listener.port()))
                        .exit());
        assertEquals(0, echo("MODALITY", modality).exit());
    }

    @Test
    void start_tlsOnly_noPlainPort() throws Exception {
        start(false, Map.of(), false);
        assertEquals(-1, listener.port(), "no plain port is opened");
        assertTrue(listener.isBound());
        assertEquals(0, echo("MODALITY", modality).exit());
    }

    @Test
    void mutualTls_allowedSubjectForCallingAe_accepted() throws Exception {
        start(true, Map.of("MODALITY1", modality.subject()), true);
        ToolRun run = echo("MODALITY1", modality);
        assertEquals(0, run.exit(), run.output());
    }

    @Test
    void mutualTls_subjectNotAllowedForCallingAe_rejectedAtAssociation() throws Exception {
        start(true, Map.of("MODALITY1", modality.subject()), true);
        // A certificate from the trusted CA, but not the one MODALITY1 is bound to.
        ToolRun wrongCertificate = echo("MODALITY1", intruder);
        assertNotEquals(0, wrongCertificate.exit());
        assertTrue(wrongCertificate.output().contains("Association Rejected"), wrongCertificate.output());
        // The right certificate, but calling as an AE title that is not listed.
        ToolRun wrongAe = echo("OTHER", modality);
        assertTrue(wrongAe.output().contains("Association Rejected"), wrongAe.output());
    }

    @Test
    void mutualTls_certificateFromUntrustedCa_refusedInHandshake() throws Exception {
        start(true, Map.of(), true);
        ToolRun run = echo("MODALITY1", untrusted);
        assertNotEquals(0, run.exit(), "a client certificate from another CA must be refused:\n" + run.output());
        assertFalse(run.output().contains("Association Accepted"), run.output());
        assertEquals(0, echo("MODALITY1", modality).exit(), "a certificate of the trusted CA is accepted");
    }

    @Test
    void mutualTls_noClientCertificate_refusedWithAlert() throws Exception {
        start(true, Map.of(), true);
        for (String protocol : List.of("-tls1_2", "-tls1_3")) {
            // The client finishes its side before the server judges its (empty) certificate: wait for the answer.
            ToolRun without = sClientWaiting(protocol);
            assertTrue(
                    without.output().contains("alert"),
                    protocol + " without a client certificate:\n" + without.output());
            ToolRun with = sClientWaiting(
                    protocol,
                    "-cert",
                    modality.certificate().toString(),
                    "-key",
                    modality.key().toString());
            assertFalse(with.output().contains("alert"), protocol + " with a client certificate:\n" + with.output());
            assertTrue(handshakeCompleted(with), with.output());
        }
    }

    @Test
    void sClient_tls12AndTls13_accepted() throws Exception {
        start(false, Map.of(), true);
        ToolRun tls13 = sClient("-tls1_3");
        assertTrue(handshakeCompleted(tls13), tls13.output());
        assertTrue(tls13.output().contains("TLSv1.3"), tls13.output());
        ToolRun tls12 = sClient("-tls1_2");
        assertTrue(handshakeCompleted(tls12), tls12.output());
        assertTrue(tls12.output().contains("TLSv1.2"), tls12.output());
        assertTrue(
                tls12.output().contains("ECDHE-RSA-AES128-GCM-SHA256"),
                "the profile's first TLS 1.2 suite wins:\n" + tls12.output());
    }

    @Test
    void sClient_tls10AndTls11_refusedByTheListener() throws Exception {
        start(false, Map.of(), true);
        // SECLEVEL=0 lets openssl itself offer the old protocols, so the refusal is the listener's.
        for (String protocol : List.of("-tls1", "-tls1_1")) {
            ToolRun run = sClient(protocol, "-cipher", "DEFAULT:@SECLEVEL=0");
            assertFalse(handshakeCompleted(run), protocol + " must be refused:\n" + run.output());
            assertServerRefused(run, "alert protocol version");
        }
    }

    @Test
    void sClient_weakCiphersOverTls12_refusedByTheListener() throws Exception {
        start(false, Map.of(), true);
        // Debian's OpenSSL 3 cannot offer 3DES or RC4 any more; these are the weak kinds it still has: no encryption,
        // anonymous, no forward secrecy, CBC with SHA-1.
        for (String cipher : List.of(
                "NULL-SHA256",
                "ECDHE-RSA-NULL-SHA",
                "ADH-AES128-GCM-SHA256",
                "AES128-GCM-SHA256",
                "AES128-SHA",
                "ECDHE-RSA-AES128-SHA")) {
            ToolRun run = sClient("-tls1_2", "-cipher", cipher + ":@SECLEVEL=0");
            assertFalse(handshakeCompleted(run), cipher + " must be refused:\n" + run.output());
            assertServerRefused(run, "alert handshake failure");
        }
    }

    /** openssl s_client to the TLS port, its stdin empty so it ends after the handshake. */
    private ToolRun sClient(String... options) {
        return Dcmtk.run("/bin/bash", "-c", sClientCommand(options) + " </dev/null");
    }

    /** openssl s_client that stays connected for a second after the handshake, to read what the server sends. */
    private ToolRun sClientWaiting(String... options) {
        return Dcmtk.run("/bin/bash", "-c", "sleep 1 | " + sClientCommand(options));
    }

    private String sClientCommand(String... options) {
        return "/usr/bin/openssl s_client -connect 127.0.0.1:" + tlsPort() + " -CAfile " + ca.caCertificate()
                + " -verify_return_error " + String.join(" ", quoted(options));
    }

    private static List<String> quoted(String... options) {
        return List.of(options).stream().map(o -> "'" + o + "'").toList();
    }

    private static boolean handshakeCompleted(ToolRun run) {
        return run.output().contains("Verify return code: 0 (ok)")
                && !run.output().contains("Cipher is (NONE)");
    }

    /** The ClientHello went out and the listener answered with an alert (not openssl refusing to offer it). */
    private static void assertServerRefused(ToolRun run, String alert) {
        String out = run.output();
        assertFalse(
                out.contains("no protocols available") || out.contains("no cipher match"),
                "openssl did not offer the protocol or cipher at all:\n" + out);
        assertTrue(out.contains(alert), "expected the listener to answer with '" + alert + "':\n" + out);
    }

    @Test
    void tlsPort_freePortConfigured_listensThere() throws Exception {
        int port = FreePorts.next();
        ListenerSettings settings = TestListeners.settings();
        DicomTls tls = DicomTls.load(new TlsStores(
                Optional.of(server.keyStore()),
                Optional.of(TestCertificates.PASSWORD),
                Optional.empty(),
                Optional.empty(),
                true));
        listener = TestListeners.start(
                settings,
                new ReceivePath(new Spool(work.resolve("data")), ingest),
                ListenerOptions.none().withTls(new TlsListenerSettings(port, tls, false, ClientSubjects.any(), true)));
        assertEquals(port, listener.tlsPort());
    }
}
