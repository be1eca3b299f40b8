package org.deblurgateway.dicom.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
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
import org.deblurgateway.dicom.scu.Destination;
import org.deblurgateway.dicom.scu.EchoScu;
import org.deblurgateway.dicom.scu.StoreResult;
import org.deblurgateway.dicom.scu.StoreScu;
import org.deblurgateway.testsupport.Dcmtk;
import org.deblurgateway.testsupport.FreePorts;
import org.deblurgateway.testsupport.RawObjects;
import org.deblurgateway.testsupport.Storescp;
import org.deblurgateway.testsupport.TestCertificates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sender and the console's C-ECHO over TLS: into dcmtk's storescp {@code +tls} (which asks for our client
 * certificate), the destination's certificate checked against the trust store and its host name, and into our own
 * listener with mutual TLS and a per-AE subject.
 */
class TlsSenderTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    static Path certificates;

    private static TestCertificates ca;
    private static TestCertificates.Leaf gateway;
    private static TestCertificates.Leaf pacs;
    private static TestCertificates.Leaf pacsElsewhere;
    private static TestCertificates.Leaf pacsOfOtherCa;

    @TempDir
    Path work;

    @BeforeAll
    static void makeCertificates() {
        Dcmtk.assumeInstalled();
        TestCertificates.assumeInstalled();
        ca = TestCertificates.authority(certificates.resolve("ca"));
        gateway = ca.server("gateway");
        pacs = ca.server("pacs");
        pacsElsewhere = ca.serverForOtherHost("pacs-elsewhere");
        pacsOfOtherCa =
                TestCertificates.authority(certificates.resolve("other-ca")).server("pacs");
    }

    private static DicomTls tls(TestCertificates.Leaf as) {
        return DicomTls.load(new TlsStores(
                Optional.of(as.keyStore()),
                Optional.of(TestCertificates.PASSWORD),
                Optional.of(ca.trustStore()),
                Optional.of(TestCertificates.PASSWORD),
                true));
    }

    private Storescp storescpTls(TestCertificates.Leaf as, String... options) {
        List<String> all = new ArrayList<>(List.of(
                "+tls",
                as.key().toString(),
                as.certificate().toString(),
                "+cf",
                ca.caCertificate().toString()));
        all.addAll(List.of(options));
        return Storescp.start("PACS", FreePorts.next(), work.resolve("received"), all.toArray(String[]::new));
    }

    private static Destination destination(int port, boolean tls) {
        return new Destination("pacs", "PACS", "127.0.0.1", port, Optional.empty(), tls);
    }

    private Path object(String uid) throws Exception {
        return RawObjects.secondaryCapture(work.resolve(uid + ".dcm"), uid);
    }

    @Test
    void store_tlsDestination_storedAtStorescpTls() throws Exception {
        try (Storescp storescp = storescpTls(pacs)) {
            StoreResult result = new StoreScu("DEBLUR", TIMEOUT, TIMEOUT, Optional.of(tls(gateway)))
                    .store(object("2.25.880001"), destination(storescp.port(), true));
            assertEquals(StoreResult.Outcome.SUCCESS, result.outcome(), result.detail());
            assertEquals(1, storescp.received().size());
        }
    }

    @Test
    void store_destinationCertificateNamesAnotherHost_refusedNothingSent() throws Exception {
        try (Storescp storescp = storescpTls(pacsElsewhere)) {
            StoreResult result = new StoreScu("DEBLUR", TIMEOUT, TIMEOUT, Optional.of(tls(gateway)))
                    .store(object("2.25.880002"), destination(storescp.port(), true));
            assertEquals(StoreResult.Outcome.CONNECT_FAILED, result.outcome(), result.detail());
            assertTrue(result.detail().contains("TLS handshake"), result.detail());
            assertEquals(0, storescp.received().size());
        }
    }

    @Test
    void store_destinationCertificateOfUntrustedCa_refusedNothingSent() throws Exception {
        try (Storescp storescp = storescpTls(pacsOfOtherCa)) {
            StoreResult result = new StoreScu("DEBLUR", TIMEOUT, TIMEOUT, Optional.of(tls(gateway)))
                    .store(object("2.25.880003"), destination(storescp.port(), true));
            assertEquals(StoreResult.Outcome.CONNECT_FAILED, result.outcome(), result.detail());
            assertEquals(0, storescp.received().size());
        }
    }

    @Test
    void store_tlsDestinationWithoutTlsConfigured_localErrorNothingSent() throws Exception {
        try (Storescp storescp = storescpTls(pacs)) {
            StoreResult result = new StoreScu("DEBLUR", TIMEOUT, TIMEOUT)
                    .store(object("2.25.880004"), destination(storescp.port(), true));
            assertEquals(StoreResult.Outcome.LOCAL_ERROR, result.outcome(), result.detail());
            assertTrue(result.detail().contains("gateway.dicom.tls.trust-store"), result.detail());
        }
    }

    @Test
    void store_plainDestinationWithTlsConfigured_stillPlain() throws Exception {
        try (Storescp storescp = Storescp.start("PACS", FreePorts.next(), work.resolve("plain"))) {
            StoreResult result = new StoreScu("DEBLUR", TIMEOUT, TIMEOUT, Optional.of(tls(gateway)))
                    .store(object("2.25.880005"), destination(storescp.port(), false));
            assertEquals(StoreResult.Outcome.SUCCESS, result.outcome(), result.detail());
        }
    }

    @Test
    void echo_tlsDestination_answeredOverTls() {
        try (Storescp storescp = storescpTls(pacs)) {
            EchoScu.EchoResult echo =
                    new EchoScu("DEBLUR", TIMEOUT, Optional.of(tls(gateway))).echo(destination(storescp.port(), true));
            assertTrue(echo.success(), echo.detail());
        }
    }

    @Test
    void echo_plainDestination_answered() {
        try (Storescp storescp = Storescp.start("PACS", FreePorts.next(), work.resolve("plain"))) {
            EchoScu.EchoResult echo =
                    new EchoScu("DEBLUR", TIMEOUT, Optional.empty()).echo(destination(storescp.port(), false));
            assertTrue(echo.success(), echo.detail());
        }
    }

    @Test
    void echo_tlsDestinationThatSpeaksPlainDicom_fails() {
        try (Storescp storescp = Storescp.start("PACS", FreePorts.next(), work.resolve("plain"))) {
            EchoScu.EchoResult echo =
                    new EchoScu("DEBLUR", TIMEOUT, Optional.of(tls(gateway))).echo(destination(storescp.port(), true));
            assertFalse(echo.success(), "a plain peer must not pass for a TLS one");
            assertTrue(echo.detail().contains("TLS handshake"), echo.detail());
        }
    }

    @Test
    void echo_peerRefusesAssociation_reportsRejection() {
        try (Storescp storescp = storescpTls(pacs, "--refuse")) {
            EchoScu.EchoResult echo =
                    new EchoScu("DEBLUR", TIMEOUT, Optional.of(tls(gateway))).echo(destination(storescp.port(), true));
            assertFalse(echo.success());
            assertTrue(echo.detail().contains("rejected"), echo.detail());
        }
    }

    @Test
    void store_mutualTlsIntoOurListener_clientCertificateSubjectDecides() throws Exception {
        TestCertificates.Leaf modality = ca.client("modality1");
        TestCertificates.Leaf intruder = ca.client("intruder");
        RecordingIngest ingest = new RecordingIngest();
        ListenerSettings settings = TestListeners.settings();
        DicomListener listener = TestListeners.start(
                settings,
                new ReceivePath(new Spool(work.resolve("data")), ingest),
                ListenerOptions.none()
                        .withTls(new TlsListenerSettings(
                                0,
                                tls(gateway),
                                true,
                                ClientSubjects.parse(Map.of("MODALITY1", modality.subject())),
                                false)));
        try {
            Destination ours =
                    new Destination("self", "DEBLUR", "127.0.0.1", listener.tlsPort(), Optional.of("MODALITY1"), true);
            StoreResult allowed =
                    new StoreScu("X", TIMEOUT, TIMEOUT, Optional.of(tls(modality))).store(object("2.25.880010"), ours);
            assertEquals(StoreResult.Outcome.SUCCESS, allowed.outcome(), allowed.detail());
            StoreResult refused =
                    new StoreScu("X", TIMEOUT, TIMEOUT, Optional.of(tls(intruder))).store(object("2.25.880011"), ours);
            assertEquals(StoreResult.Outcome.ASSOCIATION_REJECTED_PERMANENT, refused.outcome(), refused.detail());
            assertEquals(1, ingest.announced().size(), "only the allowed certificate's object arrived");
        } finally {
            listener.stop();
        }
    }
}
