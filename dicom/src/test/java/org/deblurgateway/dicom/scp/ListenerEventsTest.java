package org.deblurgateway.dicom.scp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.deblurgateway.dicom.tls.ClientSubjects;
import org.deblurgateway.dicom.tls.DicomTls;
import org.deblurgateway.dicom.tls.TlsListenerSettings;
import org.deblurgateway.dicom.tls.TlsStores;
import org.deblurgateway.testsupport.Dcmtk;
import org.deblurgateway.testsupport.TestCertificates;
import org.deblurgateway.testsupport.ToolRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The listener tells its owner about the peers it refuses for security reasons (the audit trail's Security Alerts):
 * an unknown called AE, a calling AE not allowed, a client certificate not allowed for its calling AE, a failed TLS
 * handshake; and about nothing else (a served association, an echo from an allowed peer).
 */
class ListenerEventsTest {

    @TempDir
    static Path certificates;

    @TempDir
    Path work;

    private static TestCertificates ca;
    private static TestCertificates.Leaf server;
    private static TestCertificates.Leaf modality;
    private static TestCertificates.Leaf intruder;

    private final List<ListenerObserver.RefusedAssociation> refused = Collections.synchronizedList(new ArrayList<>());
    private final List<String> handshakes = Collections.synchronizedList(new ArrayList<>());
    private final ListenerObserver events = new ListenerObserver() {
        @Override
        public void associationRefused(RefusedAssociation r) {
            refused.add(r);
        }

        @Override
        public void tlsHandshakeFailed(SocketAddress peer, String reason) {
            handshakes.add(((InetSocketAddress) peer).getAddress().getHostAddress() + " " + reason);
        }
    };
    private DicomListener listener;

    @BeforeAll
    static void makeCertificates() {
        Dcmtk.assumeInstalled();
        TestCertificates.assumeInstalled();
        ca = TestCertificates.authority(certificates.resolve("ca"));
        server = ca.server("gateway");
        modality = ca.client("modality1");
        intruder = ca.client("intruder");
    }

    @AfterEach
    void stop() {
        if (listener != null) {
            listener.stop();
        }
    }

    private void start(Map<String, String> allowedSubjects) throws IOException {
        ListenerSettings settings = TestListeners.settings(Optional.of(Set.of("MODALITY1")), 4, Duration.ofSeconds(10));
        DicomTls tls = DicomTls.load(new TlsStores(
                Optional.of(server.keyStore()),
                Optional.of(TestCertificates.PASSWORD),
                Optional.of(ca.trustStore()),
                Optional.of(TestCertificates.PASSWORD),
                true));
        TlsListenerSettings tlsSettings =
                new TlsListenerSettings(0, tls, true, ClientSubjects.parse(allowedSubjects), true);
        listener = TestListeners.start(
                settings,
                new ReceivePath(new Spool(work.resolve("data")), new RecordingIngest()),
                ListenerOptions.none().withTls(tlsSettings).withObserver(events));
    }

    private ToolRun echo(String callingAe, String calledAe) {
        return Dcmtk.run(
                "echoscu", "-aet", callingAe, "-aec", calledAe, "127.0.0.1", Integer.toString(listener.port()));
    }

    private ToolRun tlsEcho(String callingAe, TestCertificates.Leaf as) {
        return Dcmtk.run(
                "echoscu",
                "-aet",
                callingAe,
                "-aec",
                "DEBLUR",
                "-to",
                "5",
                "+tls",
                as.key().toString(),
                as.certificate().toString(),
                "+cf",
                ca.caCertificate().toString(),
                "127.0.0.1",
                Integer.toString(listener.tlsPort()));
    }

    @Test
    void unknownCalledAndCallingAeTitlesAreReported() throws Exception {
        start(Map.of("MODALITY1", modality.subject()));
        assertEquals(0, echo("MODALITY1", "DEBLUR").exit(), "an allowed peer");
        assertNotEquals(0, echo("MODALITY1", "NOT-OURS").exit());
        awaitSize(refused, 1); // reported after the peer was answered: the echo can exit first
        assertNotEquals(0, echo("INTRUDER", "DEBLUR").exit());
        awaitSize(refused, 2);
        assertEquals(2, refused.size(), refused.toString());
        assertEquals(ListenerObserver.Refusal.CALLED_AE_NOT_OURS, refused.get(0).refusal());
        assertEquals("NOT-OURS", refused.get(0).calledAeTitle());
        assertEquals("MODALITY1", refused.get(0).callingAeTitle());
        assertEquals(
                ListenerObserver.Refusal.CALLING_AE_NOT_ALLOWED, refused.get(1).refusal());
        assertEquals("INTRUDER", refused.get(1).callingAeTitle());
        assertEquals("", refused.get(1).clientSubject(), "plain port: no certificate");
        assertEquals(
                "127.0.0.1",
                ((InetSocketAddress) refused.get(1).peer()).getAddress().getHostAddress());
        assertTrue(handshakes.isEmpty());
    }

    @Test
    void aCertificateNotAllowedForItsCallingAeAndAFailedHandshakeAreReported() throws Exception {
        start(Map.of("MODALITY1", modality.subject()));
        assertEquals(0, tlsEcho("MODALITY1", modality).exit(), "the allowed certificate");
        ToolRun other = tlsEcho("MODALITY1", intruder);
        assertNotEquals(0, other.exit(), other.output());
        awaitSize(refused, 1);
        assertEquals(1, refused.size(), refused.toString());
        assertEquals(
                ListenerObserver.Refusal.CERTIFICATE_SUBJECT_NOT_ALLOWED,
                refused.get(0).refusal());
        assertTrue(refused.get(0).clientSubject().contains("CN=intruder"), refused.toString());

        // Plain DICOM on the TLS port: the handshake fails.
        ToolRun plain = Dcmtk.run(
                "echoscu",
                "-aet",
                "MODALITY1",
                "-aec",
                "DEBLUR",
                "-to",
                "5",
                "-ta",
                "5",
                "-td",
                "5",
                "127.0.0.1",
                Integer.toString(listener.tlsPort()));
        assertNotEquals(0, plain.exit());
        awaitSize(handshakes, 1);
        assertEquals(1, handshakes.size(), handshakes.toString());
        assertTrue(handshakes.get(0).startsWith("127.0.0.1 "), handshakes.toString());
    }

    /** Waits up to 10 s for {@code events} to hold {@code size} entries (a quiet period lets a surplus one show). */
    private static void awaitSize(List<?> events, int size) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (events.size() < size && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Thread.sleep(100);
    }
}
