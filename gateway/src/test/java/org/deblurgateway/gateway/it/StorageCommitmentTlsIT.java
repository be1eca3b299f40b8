package org.deblurgateway.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deblurgateway.dicom.commitment.CommitmentRequest;
import org.deblurgateway.dicom.commitment.CommitmentResult;
import org.deblurgateway.dicom.commitment.SopReference;
import org.deblurgateway.dicom.commitment.StorageCommitment;
import org.deblurgateway.dicom.tls.DicomTls;
import org.deblurgateway.dicom.tls.TlsStores;
import org.deblurgateway.gateway.it.support.CommitmentRequester;
import org.deblurgateway.gateway.it.support.CommitmentRequester.ActionOutcome;
import org.deblurgateway.gateway.it.support.GatewayProcess;
import org.deblurgateway.gateway.it.support.ItDirs;
import org.deblurgateway.gateway.it.support.OneObject;
import org.deblurgateway.gateway.it.support.OrthancPeer;
import org.deblurgateway.gateway.it.support.RulesFile;
import org.deblurgateway.testsupport.FreePorts;
import org.deblurgateway.testsupport.Storescp;
import org.deblurgateway.testsupport.TestCertificates;
import org.deblurgateway.testsupport.Waits;
import org.junit.jupiter.api.Test;

/**
 * The packaged gateway answers a Storage Commitment request on a new association over DICOM TLS: the requester (the
 * project's own, its report port listening with TLS and asking for a client certificate) is listed as
 * {@code AE@127.0.0.1:port;tls}, releases right after the N-ACTION-RSP, and takes the report over TLS.
 */
class StorageCommitmentTlsIT {

    private static final String REQUESTER = "ITSCU";

    @Test
    void requesterBehindTls_reportOnNewAssociationOverTls() throws Exception {
        TestCertificates.assumeInstalled();
        Path work = ItDirs.newWork("stgcmt-tls");
        TestCertificates ca = TestCertificates.authority(work.resolve("certificates"));
        TestCertificates.Leaf gatewayCertificate = ca.server("gateway");
        TestCertificates.Leaf requesterCertificate = ca.server("requester");
        DicomTls requesterTls = DicomTls.load(new TlsStores(
                Optional.of(requesterCertificate.keyStore()),
                Optional.of(TestCertificates.PASSWORD),
                Optional.of(ca.trustStore()),
                Optional.of(TestCertificates.PASSWORD),
                true));
        // The gateway's working directory is the data folder's parent: Quarkus reads config/application.properties.
        Path config = Files.createDirectories(work.resolve("config"));
        Files.writeString(
                config.resolve("application.properties"),
                String.join(
                        "\n",
                        "gateway.dicom.tls.key-store=" + gatewayCertificate.keyStore(),
                        "gateway.dicom.tls.key-store-password=" + TestCertificates.PASSWORD,
                        "gateway.dicom.tls.trust-store=" + ca.trustStore(),
                        ""));
        int pacsPort = FreePorts.next();
        try (Storescp pacs = Storescp.start(OrthancPeer.AE_TITLE, pacsPort, work.resolve("pacs"));
                CommitmentRequester requester = new CommitmentRequester(REQUESTER, Optional.of(requesterTls));
                GatewayProcess gateway = new GatewayProcess(
                                "stgcmt-tls",
                                work.resolve("data"),
                                RulesFile.passAllTo(work, pacsPort),
                                Map.of(
                                        "GATEWAY_STORAGE_COMMITMENT_REQUESTERS",
                                        requester.address() + ";tls",
                                        "GATEWAY_STORAGE_COMMITMENT_CHECK_INTERVAL",
                                        "200ms",
                                        "GATEWAY_STORAGE_COMMITMENT_REPORT_RETRY_INTERVAL",
                                        "1s"))
                        .start()) {
            SopReference sent = OneObject.send(work, gateway.dicomPort());
            Waits.until(
                    "the object at the PACS",
                    Duration.ofSeconds(60),
                    100,
                    () -> pacs.received().size() == 1,
                    gateway::logTail);

            ActionOutcome outcome = requester.request(
                    gateway.dicomPort(),
                    GatewayProcess.AE_TITLE,
                    new CommitmentRequest("2.25.1003003", List.of(sent)),
                    Duration.ZERO);

            assertEquals(0, outcome.actionStatus(), "N-ACTION-RSP status");
            CommitmentResult report = requester
                    .nextReport(Duration.ofSeconds(60))
                    .orElseThrow(() -> new AssertionError(
                            "no N-EVENT-REPORT over TLS on a new association; log:\n" + gateway.logTail()));
            assertEquals("2.25.1003003", report.transactionUid());
            assertEquals(StorageCommitment.EVENT_ALL_COMMITTED, report.eventTypeId());
            assertEquals(List.of(sent), report.committed());
            Waits.until(
                    "the answer in the log",
                    Duration.ofSeconds(10),
                    100,
                    () -> gateway.logText().contains("answered on a new association"),
                    gateway::logTail);
        } finally {
            ItDirs.deleteTree(work);
        }
    }
}
