package org.deblurgateway.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deblurgateway.gateway.it.support.GatewayProcess;
import org.deblurgateway.gateway.it.support.ItDirs;
import org.deblurgateway.testsupport.Dcmtk;
import org.deblurgateway.testsupport.FreePorts;
import org.deblurgateway.testsupport.RawObjects;
import org.deblurgateway.testsupport.Storescp;
import org.deblurgateway.testsupport.TestCertificates;
import org.deblurgateway.testsupport.ToolRun;
import org.deblurgateway.testsupport.Waits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DICOM TLS through the packaged gateway, both ways: dcmtk storescu {@code +tls} (client certificate, subject allowed
 * for its calling AE) -> the gateway's TLS port -> a pass rule -> a {@code tls: true} destination -> dcmtk storescp
 * {@code +tls} (which asks for the gateway's client certificate). TLS 1.0 and plain DICOM on the TLS port refused,
 * each refusal logged as DGW-TLS-001. Keys are set where a site sets them: config/application.properties in the
 * gateway's working directory.
 */
class DicomTlsIT {

    private static final String MODALITY = "MODALITY1";

    private static Path work;
    private static TestCertificates ca;
    private static TestCertificates.Leaf modality;
    private static TestCertificates.Leaf intruder;
    private static Storescp pacs;
    private static GatewayProcess gateway;
    private static int tlsPort;

    @BeforeAll
    static void start() throws Exception {
        Dcmtk.assumeInstalled();
        TestCertificates.assumeInstalled();
        work = ItDirs.newWork("dicom-tls");
        ca = TestCertificates.authority(work.resolve("certificates"));
        TestCertificates.Leaf gatewayCertificate = ca.server("gateway");
        TestCertificates.Leaf pacsCertificate = ca.server("pacs");
        modality = ca.client("modality1");
        intruder = ca.client("intruder");

        pacs = Storescp.start(
                "PACS",
                FreePorts.next(),
                work.resolve("pacs"),
                "+tls",
                pacsCertificate.key().toString(),
                pacsCertificate.certificate().toString(),
                "+cf",
                ca.caCertificate().toString());
        Path rules = Files.writeString(work.resolve("rules.yaml"), """
                destinations:
                  pacs: {ae-title: PACS, host: 127.0.0.1, port: %d, tls: true}
                rules:
                  - name: default
                    action: pass
                    destinations: [pacs]
                """.formatted(pacs.port()));
        tlsPort = FreePorts.next();
        // The gateway's working directory is the data folder's parent: Quarkus reads config/application.properties
        // there.
        Path config = Files.createDirectories(work.resolve("config"));
        Files.writeString(
                config.resolve("application.properties"),
                String.join(
                        "\n",
                        "gateway.dicom.tls.port=" + tlsPort,
                        "gateway.dicom.tls.key-store=" + gatewayCertificate.keyStore(),
                        "gateway.dicom.tls.key-store-password=" + TestCertificates.PASSWORD,
                        "gateway.dicom.tls.trust-store=" + ca.trustStore(),
                        "gateway.dicom.tls.need-client-auth=true",
                        "gateway.dicom.tls.allowed-subjects." + MODALITY + "=" + modality.subject(),
                        ""));
        gateway = new GatewayProcess("dicom-tls", work.resolve("gateway-data"), rules, Map.of());
        gateway.start();
    }

    @AfterAll
    static void stop() {
        if (gateway != null) {
            gateway.close();
        }
        if (pacs != null) {
            pacs.close();
        }
        if (work != null) {
            ItDirs.deleteTree(work);
        }
    }

    private static ToolRun storeOverTls(TestCertificates.Leaf as, Path file) {
        List<String> command = new ArrayList<>(List.of(
                "storescu",
                "-aet",
                MODALITY,
                "-aec",
                GatewayProcess.AE_TITLE,
                "+tls",
                as.key().toString(),
                as.certificate().toString(),
                "+cf",
                ca.caCertificate().toString()));
        command.addAll(List.of("127.0.0.1", Integer.toString(tlsPort), file.toString()));
        return Dcmtk.run(command.toArray(String[]::new));
    }

    @Test
    void store_tlsBothWays_arrivesAtTlsDestination() throws Exception {
        Path file = RawObjects.secondaryCapture(work.resolve("sc-1.dcm"), "2.25.990001");
        ToolRun run = storeOverTls(modality, file);
        assertEquals(0, run.exit(), "storescu +tls to the gateway's TLS port:\n" + run.output());
        Waits.until(
                "the object at storescp +tls",
                Duration.ofSeconds(60),
                200,
                () -> pacs.received().stream()
                        .anyMatch(p -> p.getFileName().toString().contains("2.25.990001")),
                () -> "storescp holds " + pacs.received() + "\ngateway log:\n" + gateway.logTail());
        assertFalse(gateway.logText().contains("DGW-TLS-002"), "no sender handshake failure:\n" + gateway.logTail());
    }

    @Test
    void store_trustedCertificateNotAllowedForCallingAe_rejected() throws Exception {
        Path file = RawObjects.secondaryCapture(work.resolve("sc-2.dcm"), "2.25.990002");
        ToolRun run = storeOverTls(intruder, file);
        assertNotEquals(0, run.exit());
        assertTrue(run.output().contains("Association Rejected"), run.output());
    }

    @Test
    void tls10_refusedAndLogged() {
        ToolRun run = Dcmtk.run(
                "/bin/bash",
                "-c",
                "/usr/bin/openssl s_client -connect 127.0.0.1:" + tlsPort
                        + " -tls1 -cipher 'DEFAULT:@SECLEVEL=0' -CAfile " + ca.caCertificate() + " </dev/null");
        assertTrue(run.output().contains("Cipher is (NONE)"), "TLS 1.0 must not complete:\n" + run.output());
        assertTrue(
                run.output().contains("alert protocol version"),
                "the gateway answers with protocol_version:\n" + run.output());
        Waits.until(
                "DGW-TLS-001 in the gateway log",
                Duration.ofSeconds(10),
                100,
                () -> gateway.logText().contains("DGW-TLS-001"),
                gateway::logTail);
    }

    @Test
    void plainDicomOnTlsPort_refused() {
        ToolRun run = Dcmtk.run(
                "echoscu",
                "-aet",
                MODALITY,
                "-aec",
                GatewayProcess.AE_TITLE,
                "-to",
                "5",
                "-ta",
                "5",
                "-td",
                "5",
                "127.0.0.1",
                Integer.toString(tlsPort));
        assertNotEquals(0, run.exit(), "plain DICOM on the TLS port must not be answered:\n" + run.output());
    }
}
