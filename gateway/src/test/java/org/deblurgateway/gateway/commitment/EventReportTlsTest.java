package org.deblurgateway.gateway.commitment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.deblurgateway.dicom.commitment.CommitmentResult;
import org.deblurgateway.dicom.commitment.SopReference;
import org.deblurgateway.dicom.scu.Destination;
import org.deblurgateway.dicom.scu.EventReportScu;
import org.deblurgateway.dicom.scu.EventReportScu.ReportOutcome;
import org.deblurgateway.dicom.tls.DicomTls;
import org.deblurgateway.dicom.tls.TlsStores;
import org.deblurgateway.gateway.it.support.CommitmentRequester;
import org.deblurgateway.testsupport.SopClasses;
import org.deblurgateway.testsupport.TestCertificates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * N-EVENT-REPORTs on a new association to a requester whose configured address is a TLS peer ({@code AE@host:port;tls}):
 * the project's own requester listens with DICOM TLS and asks for a client certificate; the report gets there with the
 * gateway's key and trust store, and not as plain DICOM, nor without a trust store.
 */
class EventReportTlsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final CommitmentResult RESULT = new CommitmentResult(
            "2.25.5550001", List.of(new SopReference(SopClasses.SECONDARY_CAPTURE, "2.25.5550002")), List.of());

    @TempDir
    static Path certificates;

    private static TestCertificates ca;
    private static TestCertificates.Leaf gateway;
    private static TestCertificates.Leaf requester;

    @BeforeAll
    static void makeCertificates() {
        TestCertificates.assumeInstalled();
        ca = TestCertificates.authority(certificates.resolve("ca"));
        gateway = ca.server("gateway");
        requester = ca.server("requester");
    }

    private static DicomTls tls(TestCertificates.Leaf as) {
        return DicomTls.load(new TlsStores(
                Optional.of(as.keyStore()),
                Optional.of(TestCertificates.PASSWORD),
                Optional.of(ca.trustStore()),
                Optional.of(TestCertificates.PASSWORD),
                true));
    }

    private static Destination address(CommitmentRequester peer, String suffix) {
        return new RequesterAddresses(List.of("ITSCU@127.0.0.1:" + peer.port() + suffix))
                .of("ITSCU")
                .orElseThrow();
    }

    @Test
    void report_tlsRequester_deliveredOverTls() throws Exception {
        try (CommitmentRequester peer = new CommitmentRequester("ITSCU", Optional.of(tls(requester)))) {
            Destination to = address(peer, ";tls");
            assertTrue(to.tls());

            ReportOutcome outcome = new EventReportScu(TIMEOUT, Optional.of(tls(gateway))).report(to, "DEBLUR", RESULT);

            assertTrue(outcome.delivered(), outcome.detail());
            assertEquals(Optional.of(RESULT), peer.nextReport(Duration.ofSeconds(5)));
        }
    }

    @Test
    void report_tlsRequesterAsPlainEntry_notDelivered() throws Exception {
        try (CommitmentRequester peer = new CommitmentRequester("ITSCU", Optional.of(tls(requester)))) {
            Destination plain = address(peer, "");
            assertFalse(plain.tls());

            ReportOutcome outcome =
                    new EventReportScu(TIMEOUT, Optional.of(tls(gateway))).report(plain, "DEBLUR", RESULT);

            assertFalse(outcome.delivered(), "plain DICOM into a TLS port");
            assertEquals(Optional.empty(), peer.nextReport(Duration.ofMillis(500)));
        }
    }

    @Test
    void report_tlsRequesterWithoutGatewayTls_failsSayingWhy() throws Exception {
        try (CommitmentRequester peer = new CommitmentRequester("ITSCU", Optional.of(tls(requester)))) {
            ReportOutcome outcome = new EventReportScu(TIMEOUT).report(address(peer, ";tls"), "DEBLUR", RESULT);

            assertFalse(outcome.delivered());
            assertTrue(outcome.detail().contains("trust-store"), outcome.detail());
        }
    }

    @Test
    void requesters_malformedTlsEntry_namesTheKey() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> new RequesterAddresses(List.of("ITSCU@127.0.0.1;tls")));
        assertTrue(e.getMessage().contains("gateway.storage-commitment.requesters"), e.getMessage());
        assertEquals(
                List.of("B"),
                new RequesterAddresses(List.of("A@h:104", "B@h:2762;TLS")).tlsPeers(),
                "the mark is not case sensitive");
    }
}
