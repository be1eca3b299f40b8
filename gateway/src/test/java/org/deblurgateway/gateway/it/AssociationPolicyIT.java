package org.deblurgateway.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.deblurgateway.gateway.it.support.GatewayProcess;
import org.deblurgateway.gateway.it.support.ItDirs;
import org.deblurgateway.gateway.it.support.RawDicomFile;
import org.deblurgateway.gateway.it.support.RulesFile;
import org.deblurgateway.gateway.it.support.SharedData;
import org.deblurgateway.gateway.it.support.SpoolFiles;
import org.deblurgateway.testsupport.Echoscu;
import org.deblurgateway.testsupport.InstanceCopies;
import org.deblurgateway.testsupport.RawStoreScu;
import org.deblurgateway.testsupport.Storescu;
import org.deblurgateway.testsupport.Waits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Who may talk to the gateway and what it accepts at association and C-STORE time: allowed calling AEs, the called
 * AE, and a SOP Instance UID crafted to escape the spool folder (PixelMed's stock SCP names files after it).
 */
class AssociationPolicyIT {

    private static final String ALLOWED = "MODALITY";
    /** The readiness probe of {@link GatewayProcess} echoes as ITECHO, so it must be allowed too. */
    private static final String ALLOWED_LIST = ALLOWED + ",ITECHO";

    private static final String TRAVERSAL_MARKER = "g3evil";
    private static final String TEMPLATE = "dcm_qa_ts/In/1.dcm";

    private static Path work;
    private static GatewayProcess gateway;

    @BeforeAll
    static void startGateway() {
        SharedData.root();
        work = ItDirs.newWork("association-policy");
        gateway = new GatewayProcess(
                "association-policy",
                work.resolve("gateway-data"),
                RulesFile.dropAll(work),
                Map.of("GATEWAY_DICOM_ALLOWED_CALLING_AE_TITLES", ALLOWED_LIST));
        gateway.start();
    }

    @AfterAll
    static void stopGateway() {
        if (gateway != null) {
            gateway.close();
        }
        ItDirs.deleteTree(work);
    }

    @Test
    void echo_allowedCallingAe_succeeds() {
        Echoscu.EchoResult echo = Echoscu.echo(gateway.dicomPort(), ALLOWED, GatewayProcess.AE_TITLE);
        assertTrue(echo.succeeded(), "C-ECHO from an allowed AE must succeed:\n" + echo.output());
    }

    @Test
    void echo_unknownCallingAe_rejectedAtAssociation() {
        Echoscu.EchoResult echo = Echoscu.echo(gateway.dicomPort(), "INTRUDER", GatewayProcess.AE_TITLE);
        assertTrue(echo.associationRejected(), "an unknown calling AE must get A-ASSOCIATE-RJ:\n" + echo.output());
    }

    @Test
    void store_unknownCallingAe_rejectedAtAssociation() throws Exception {
        RawDicomFile file = RawDicomFile.read(SharedData.dicomFile(TEMPLATE), "2.25.1");
        RawStoreScu.Outcome outcome = RawStoreScu.store(
                gateway.dicomPort(),
                "INTRUDER",
                GatewayProcess.AE_TITLE,
                file.sopClassUid(),
                file.sopInstanceUid(),
                file.transferSyntaxUid(),
                file.dataSet(),
                30_000);
        assertEquals(RawStoreScu.Kind.ASSOCIATION_REJECTED, outcome.kind(), "C-STORE from an unknown AE: " + outcome);
    }

    @Test
    void echo_wrongCalledAe_rejectedAtAssociation() {
        Echoscu.EchoResult echo = Echoscu.echo(gateway.dicomPort(), ALLOWED, "NOTDEBLUR");
        assertTrue(echo.associationRejected(), "a wrong called AE must get A-ASSOCIATE-RJ:\n" + echo.output());
    }

    @Test
    void store_sopInstanceUidWithPathTraversal_failureStatusAndNothingWrittenOutsideSpool() throws Exception {
        Path crafted = Files.createDirectories(ItDirs.newWork("crafted")).resolve("crafted-uid.dcm");
        String uid = "../../" + TRAVERSAL_MARKER;
        InstanceCopies.withSopInstanceUid(SharedData.dicomFile(TEMPLATE), crafted, uid);
        List<Path> spoolBefore = SpoolFiles.under(gateway.spoolDir());
        try (Storescu.StoreRun run = Storescu.start(
                "path-traversal",
                gateway.dicomPort(),
                ALLOWED,
                GatewayProcess.AE_TITLE,
                List.of("-R"),
                List.of(crafted))) {
            String status = run.awaitEnd(Duration.ofMinutes(2)).responses().get(crafted);
            assertNotEquals(
                    Storescu.StoreResult.SUCCESS, status, "a SOP Instance UID with ../ must not be acknowledged");
            assertTrue(
                    !Storescu.StoreResult.NOT_SENT.equals(status),
                    "storescu did not send the crafted file; log:\n"
                            + run.current().log());
        } finally {
            ItDirs.deleteTree(crafted.getParent());
        }
        // The data folder's parent is the test's scratch root; its parent holds every test's scratch folder.
        assertEquals(
                List.of(),
                SpoolFiles.namedLike(work.getParent(), TRAVERSAL_MARKER),
                "no file named like the crafted UID may exist anywhere under " + work.getParent());
        Waits.until(
                "the spool to hold nothing of the refused object",
                Duration.ofSeconds(10),
                200,
                () -> spoolBefore.containsAll(SpoolFiles.under(gateway.spoolDir())),
                () -> "spool now: " + SpoolFiles.under(gateway.spoolDir()) + "\nbefore: " + spoolBefore);
        assertTrue(
                Echoscu.echo(gateway.dicomPort(), ALLOWED, GatewayProcess.AE_TITLE)
                        .succeeded(),
                "the gateway must keep serving after refusing the crafted object");
    }
}
