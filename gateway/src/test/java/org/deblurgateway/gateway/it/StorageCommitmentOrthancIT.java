package org.deblurgateway.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.deblurgateway.dicom.commitment.SopReference;
import org.deblurgateway.gateway.it.support.GatewayProcess;
import org.deblurgateway.gateway.it.support.ItDirs;
import org.deblurgateway.gateway.it.support.OneObject;
import org.deblurgateway.gateway.it.support.OrthancCommitmentRequester;
import org.deblurgateway.gateway.it.support.OrthancPeer;
import org.deblurgateway.gateway.it.support.RulesFile;
import org.deblurgateway.testsupport.FreePorts;
import org.deblurgateway.testsupport.SopClasses;
import org.deblurgateway.testsupport.Storescp;
import org.deblurgateway.testsupport.Waits;
import org.junit.jupiter.api.Test;

/**
 * Orthanc (its own Storage Commitment SCU) asks the packaged gateway to commit instances: while the destination is
 * down the transaction stays Pending, once it is back Orthanc gets Success; an instance the gateway never received
 * comes back as a failure with reason 0x0112 (274). Orthanc releases after the N-ACTION, so every report reaches it on
 * a new association to its configured address.
 */
class StorageCommitmentOrthancIT {

    @Test
    void orthancRequester_pendingWhileDestinationDown_successAfter_unknownFails() throws Exception {
        Path work = ItDirs.newWork("stgcmt-orthanc");
        int pacsPort = FreePorts.next();
        try (OrthancCommitmentRequester orthanc = new OrthancCommitmentRequester(work.resolve("orthanc"))) {
            Map<String, String> env = Map.of(
                    "GATEWAY_FORWARD_MAX_ATTEMPTS", "200",
                    "GATEWAY_FORWARD_INITIAL_DELAY", "200ms",
                    "GATEWAY_FORWARD_MAX_DELAY", "1s",
                    "GATEWAY_STORAGE_COMMITMENT_REPORT_RETRY_INTERVAL", "1s",
                    "GATEWAY_STORAGE_COMMITMENT_REQUESTERS", orthanc.address());
            try (GatewayProcess gateway = new GatewayProcess(
                            "stgcmt-orthanc", work.resolve("data"), RulesFile.passAllTo(work, pacsPort), env)
                    .start()) {
                orthanc.start(GatewayProcess.AE_TITLE, gateway.dicomPort());
                SopReference sent = OneObject.send(work, gateway.dicomPort());

                String pending = orthanc.requestCommitment(List.of(sent));
                Waits.sleep(4000);
                assertEquals("Pending", orthanc.status(pending), "no answer while the destination is down");

                try (Storescp pacs = Storescp.start(OrthancPeer.AE_TITLE, pacsPort, work.resolve("pacs"))) {
                    Waits.until(
                            "Orthanc to get the commitment",
                            Duration.ofSeconds(60),
                            250,
                            () -> !"Pending".equals(orthanc.status(pending)),
                            () -> orthanc.report(pending) + "\n" + gateway.logTail() + "\n" + orthanc.logTail());
                    assertEquals("Success", orthanc.status(pending), orthanc.report(pending));
                    assertTrue(orthanc.report(pending).contains(sent.sopInstanceUid()), orthanc.report(pending));

                    String unknown = orthanc.requestCommitment(
                            List.of(new SopReference(SopClasses.SECONDARY_CAPTURE, "2.25.99887766")));
                    Waits.until(
                            "Orthanc to get the failure",
                            Duration.ofSeconds(60),
                            250,
                            () -> !"Pending".equals(orthanc.status(unknown)),
                            () -> orthanc.report(unknown) + "\n" + gateway.logTail());
                    String report = orthanc.report(unknown);
                    assertEquals("Failure", orthanc.status(unknown), report);
                    assertTrue(report.contains("2.25.99887766") && report.contains("274"), report);
                }
            }
        } finally {
            ItDirs.deleteTree(work);
        }
    }
}
