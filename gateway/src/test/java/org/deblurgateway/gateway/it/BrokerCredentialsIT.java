package org.deblurgateway.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deblurgateway.dicom.derived.DerivedUids;
import org.deblurgateway.gateway.it.support.DeblurLog;
import org.deblurgateway.gateway.it.support.DicomDigests;
import org.deblurgateway.gateway.it.support.GatewayProcess;
import org.deblurgateway.gateway.it.support.ItDirs;
import org.deblurgateway.gateway.it.support.OrthancPeer;
import org.deblurgateway.gateway.it.support.RulesFile;
import org.deblurgateway.gateway.it.support.WorkerProcess;
import org.deblurgateway.testsupport.Storescu;
import org.deblurgateway.testsupport.SyntheticSources;
import org.deblurgateway.testsupport.Waits;
import org.junit.jupiter.api.Test;

/**
 * A separate worker process joins the gateway's embedded broker with the login the gateway generated (owner-only
 * file in its data dir, named by GATEWAY_BROKER_CREDENTIALS_FILE) and deblurs every frame end to end. (Anonymous and
 * wrong logins: BrokerSecurityTest.)
 */
class BrokerCredentialsIT {

    private static final String MODEL = "rdsam-lite";

    @Test
    void workerProcess_embeddedBrokerWithGatewaysLogin_deblursEndToEnd() throws IOException {
        Path work = ItDirs.newWork("broker-login");
        Path source = work.resolve("multiframe.dcm");
        String job = DerivedUids.instanceUid(SyntheticSources.writeDistinctFrames(source, 4, 128, 128, 3), MODEL);
        Path rules;
        try (OrthancPeer pacs = OrthancPeer.start("broker-login", Files.createDirectories(work.resolve("orthanc")))) {
            rules = RulesFile.deblurAllTo(work, pacs.dicomPort(), MODEL);
            try (GatewayProcess gateway = new GatewayProcess(
                            "broker-login",
                            work.resolve("gateway-data"),
                            rules,
                            Map.of("GATEWAY_DEBLUR_WORKERS", "0", "GATEWAY_HEALTH_LOAD_RULE_MODELS", "false"))
                    .start()) {
                Path login = gateway.brokerCredentialsFile();
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(login)));

                try (WorkerProcess joined = new WorkerProcess(
                                "broker-login-joined",
                                "joined",
                                work.resolve("joined-data"),
                                gateway.embeddedBrokerUrl(),
                                rules,
                                Map.of("GATEWAY_BROKER_CREDENTIALS_FILE", login.toString()))
                        .start()) {
                    Storescu.StoreResult sent = Storescu.storeAsIs(
                            "broker-login",
                            gateway.dicomPort(),
                            "MODALITY",
                            GatewayProcess.AE_TITLE,
                            List.copyOf(DicomDigests.of(List.of(source)).values()));
                    assertEquals(Map.of(), sent.notAcknowledged());
                    Waits.until(
                            "the derived instance, deblurred by the worker process",
                            Duration.ofMinutes(5),
                            500,
                            () -> pacs.findInstance(job).isPresent(),
                            () -> "gateway:\n" + gateway.logTail() + "\nworker:\n" + joined.logTail());
                    Map<String, Integer> perWorker =
                            DeblurLog.of(gateway.logText()).assembledJobs().get(job);
                    assertEquals(Set.of("joined"), perWorker.keySet(), "every frame from the worker process");
                    assertEquals(4, perWorker.get("joined"));
                }
            }
        } finally {
            ItDirs.deleteTree(work);
        }
    }
}
