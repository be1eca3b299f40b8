package org.deblurgateway.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deblurgateway.dicom.commitment.CommitmentRequest;
import org.deblurgateway.dicom.commitment.CommitmentResult;
import org.deblurgateway.dicom.commitment.FailedSop;
import org.deblurgateway.dicom.commitment.SopReference;
import org.deblurgateway.dicom.commitment.StorageCommitment;
import org.deblurgateway.gateway.it.support.CommitmentRequester;
import org.deblurgateway.gateway.it.support.CommitmentRequester.ActionOutcome;
import org.deblurgateway.gateway.it.support.GatewayProcess;
import org.deblurgateway.gateway.it.support.ItDirs;
import org.deblurgateway.gateway.it.support.OneObject;
import org.deblurgateway.gateway.it.support.OrthancPeer;
import org.deblurgateway.gateway.it.support.RulesFile;
import org.deblurgateway.testsupport.FreePorts;
import org.deblurgateway.testsupport.SopClasses;
import org.deblurgateway.testsupport.Storescp;
import org.deblurgateway.testsupport.Waits;
import org.junit.jupiter.api.Test;

/**
 * Storage Commitment Push Model SCP against the packaged gateway, with the project's own requester
 * ({@link CommitmentRequester}) and dcmtk's storescp as the destination: committed only once forwarded, an unknown
 * instance failed with 0x0112, the answer on the requesting association while it is open; with the destination down
 * the answer comes after it is back, on a new association, and survives a {@code kill -9} of the gateway in between.
 * The scheduled C-ECHO shows the down destination on readiness before any object waits on it.
 */
class StorageCommitmentIT {

    private static final String REQUESTER = "ITSCU";
    private static final Map<String, String> FAST = Map.of(
            "GATEWAY_FORWARD_MAX_ATTEMPTS", "200",
            "GATEWAY_FORWARD_INITIAL_DELAY", "200ms",
            "GATEWAY_FORWARD_MAX_DELAY", "1s",
            "GATEWAY_STORAGE_COMMITMENT_REPORT_RETRY_INTERVAL", "1s",
            "GATEWAY_STORAGE_COMMITMENT_CHECK_INTERVAL", "200ms",
            "GATEWAY_DESTINATION_ECHO_INTERVAL", "1s",
            "GATEWAY_DESTINATION_ECHO_TIMEOUT", "2s");

    @Test
    void forwardedInstance_committedOnSameAssociation_unknownInstanceFails() throws Exception {
        Path work = ItDirs.newWork("stgcmt-same");
        int pacsPort = FreePorts.next();
        try (Storescp pacs = Storescp.start(OrthancPeer.AE_TITLE, pacsPort, work.resolve("pacs"));
                CommitmentRequester requester = new CommitmentRequester(REQUESTER);
                GatewayProcess gateway = new GatewayProcess(
                                "stgcmt-same", work.resolve("data"), RulesFile.passAllTo(work, pacsPort), FAST)
                        .start()) {
            SopReference sent = OneObject.send(work, gateway.dicomPort());
            Waits.until(
                    "the object at the PACS",
                    Duration.ofSeconds(60),
                    100,
                    () -> pacs.received().size() == 1,
                    gateway::logTail);
            SopReference unknown = new SopReference(SopClasses.SECONDARY_CAPTURE, "2.25.424242");

            ActionOutcome outcome = requester.request(
                    gateway.dicomPort(),
                    GatewayProcess.AE_TITLE,
                    new CommitmentRequest("2.25.1001001", List.of(sent, unknown)),
                    Duration.ofSeconds(30));

            assertEquals(0, outcome.actionStatus(), "N-ACTION-RSP status");
            CommitmentResult report = outcome.report()
                    .orElseThrow(() -> new AssertionError(
                            "no N-EVENT-REPORT on the requesting association; log:\n" + gateway.logTail()));
            assertEquals("2.25.1001001", report.transactionUid());
            assertEquals(StorageCommitment.EVENT_FAILURES, report.eventTypeId());
            assertEquals(List.of(sent), report.committed());
            assertEquals(
                    List.of(new FailedSop(unknown, StorageCommitment.NO_SUCH_OBJECT_INSTANCE, "")), report.failed());
            // Logged right after the requester's N-EVENT-REPORT-RSP, so a moment after the report came.
            Waits.until(
                    "the answer in the log",
                    Duration.ofSeconds(10),
                    100,
                    () -> gateway.logText().contains("answered on the requesting association"),
                    gateway::logTail);
        } finally {
            ItDirs.deleteTree(work);
        }
    }

    @Test
    void destinationDown_thenKill9_answerComesOnNewAssociationAfterDestinationIsBack() throws Exception {
        Path work = ItDirs.newWork("stgcmt-down");
        int pacsPort = FreePorts.next();
        try (CommitmentRequester requester = new CommitmentRequester(REQUESTER)) {
            Map<String, String> env = new HashMap<>(FAST);
            env.put("GATEWAY_STORAGE_COMMITMENT_REQUESTERS", requester.address());
            try (GatewayProcess gateway = new GatewayProcess(
                            "stgcmt-down", work.resolve("data"), RulesFile.passAllTo(work, pacsPort), env)
                    .start()) {
                // The scheduled C-ECHO shows the destination down before any object waits on it.
                Waits.until(
                        "readiness to report the destination down",
                        Duration.ofSeconds(30),
                        200,
                        () -> readiness(gateway).contains("\"pacs\": \"DOWN"),
                        () -> readiness(gateway));
                assertTrue(readiness(gateway).contains("\"degraded\": true"), readiness(gateway));

                SopReference sent = OneObject.send(work, gateway.dicomPort());
                ActionOutcome outcome = requester.request(
                        gateway.dicomPort(),
                        GatewayProcess.AE_TITLE,
                        new CommitmentRequest("2.25.1002002", List.of(sent)),
                        Duration.ofSeconds(3));
                assertEquals(0, outcome.actionStatus(), "N-ACTION-RSP status");
                assertEquals(Optional.empty(), outcome.report(), "no answer while the destination is down");
                assertEquals(Optional.empty(), requester.nextReport(Duration.ofSeconds(2)), "nor on a new association");

                gateway.kill9();
                try (Storescp pacs = Storescp.start(OrthancPeer.AE_TITLE, pacsPort, work.resolve("pacs"))) {
                    gateway.restart();
                    CommitmentResult report = requester
                            .nextReport(Duration.ofSeconds(90))
                            .orElseThrow(() -> new AssertionError(
                                    "no N-EVENT-REPORT after the restart; log:\n" + gateway.logTail()));
                    assertEquals("2.25.1002002", report.transactionUid());
                    assertEquals(StorageCommitment.EVENT_ALL_COMMITTED, report.eventTypeId());
                    assertEquals(List.of(sent), report.committed());
                    assertEquals(1, pacs.received().size(), "the object reached the PACS");
                    Waits.until(
                            "readiness to report the destination up",
                            Duration.ofSeconds(30),
                            200,
                            () -> readiness(gateway).contains("\"pacs\": \"UP"),
                            () -> readiness(gateway));
                }
            }
        } finally {
            ItDirs.deleteTree(work);
        }
    }

    private static String readiness(GatewayProcess gateway) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(
                                            URI.create("http://127.0.0.1:" + gateway.httpPort() + "/q/health/ready"))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            return r.body();
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e.toString();
        }
    }
}
