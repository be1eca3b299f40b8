package org.deblurgateway.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.deblurgateway.routes.Queues;
import org.deblurgateway.routes.messages.ObjectHeaders;
import org.deblurgateway.testsupport.Dcmtk;
import org.deblurgateway.testsupport.RawObjects;
import org.deblurgateway.testsupport.ToolRun;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The running gateway against dcmtk peers: association checks, spooling, and the ingest message per object. */
@QuarkusTest
@TestProfile(IngestTestProfile.class)
class DicomIngestTest {

    @Inject
    ConnectionFactory connectionFactory;

    @ConfigProperty(name = "gateway.dicom.port")
    int port;

    @ConfigProperty(name = "gateway.data-dir")
    Path dataDir;

    @ConfigProperty(name = "quarkus.http.test-port")
    int httpPort;

    @BeforeAll
    static void needsDcmtk() {
        Dcmtk.assumeInstalled();
    }

    private Path scratch() {
        return dataDir.resolveSibling(dataDir.getFileName() + "-files");
    }

    @Test
    void echo_allowedCaller_succeeds() throws Exception {
        ToolRun r = Dcmtk.run("echoscu", "-aet", "MODALITY", "-aec", "DEBLUR", "127.0.0.1", Integer.toString(port));
        assertEquals(0, r.exit(), r.output());
    }

    @Test
    void echo_extraCalledAeTitle_succeeds() throws Exception {
        assertEquals(
                0,
                Dcmtk.run("echoscu", "-aet", "CT01", "-aec", "DEBLUR_CT", "127.0.0.1", Integer.toString(port))
                        .exit());
    }

    @Test
    void associate_unknownCallingAe_rejectedAtAssociation() throws Exception {
        ToolRun r = Dcmtk.run("echoscu", "-aet", "INTRUDER", "-aec", "DEBLUR", "127.0.0.1", Integer.toString(port));
        assertNotEquals(0, r.exit());
        assertTrue(r.output().contains("Association Rejected"), r.output());
        assertTrue(r.output().contains("Calling AE Title Not Recognized"), r.output());
    }

    @Test
    void associate_wrongCalledAe_rejectedAtAssociation() throws Exception {
        ToolRun r = Dcmtk.run("echoscu", "-aet", "MODALITY", "-aec", "NOT_US", "127.0.0.1", Integer.toString(port));
        assertNotEquals(0, r.exit());
        assertTrue(r.output().contains("Called AE Title Not Recognized"), r.output());
    }

    @Test
    void store_generatedObjects_spooledAndAnnouncedOnIngestQueue() throws Exception {
        Path a = RawObjects.secondaryCapture(scratch().resolve("a.dcm"), "2.25.5001");
        Path b = RawObjects.secondaryCapture(scratch().resolve("b.dcm"), "2.25.5002");
        ToolRun r = Dcmtk.run(
                "storescu",
                "-aet",
                "MODALITY",
                "-aec",
                "DEBLUR",
                "127.0.0.1",
                Integer.toString(port),
                a.toString(),
                b.toString());
        assertEquals(0, r.exit(), r.output());
        Map<String, Message> messages = ingestMessagesBySopInstance();
        for (String uid : List.of("2.25.5001", "2.25.5002")) {
            Message announced = messages.get(uid);
            assertTrue(announced != null, "no ingest message for " + uid + " among " + messages.keySet());
            Path spooled = dataDir.resolve(announced.getStringProperty(ObjectHeaders.SPOOL_PATH));
            assertTrue(Files.size(spooled) > 128);
            assertEquals(Files.size(spooled), announced.getLongProperty(ObjectHeaders.SPOOL_LENGTH));
        }
        Message m = messages.get("2.25.5001");
        // Each receipt its own file: <UID>.r<16 hex digits>.dcm
        assertTrue(
                m.getStringProperty(ObjectHeaders.SPOOL_PATH)
                        .matches("spool/incoming/2\\.25\\.5001\\.r[0-9a-f]{16}\\.dcm"),
                m.getStringProperty(ObjectHeaders.SPOOL_PATH));
        assertEquals("MODALITY", m.getStringProperty(ObjectHeaders.CALLING_AE));
        assertEquals("DEBLUR", m.getStringProperty(ObjectHeaders.CALLED_AE));
        assertEquals("1.2.840.10008.5.1.4.1.1.7", m.getStringProperty(ObjectHeaders.SOP_CLASS_UID));
        assertEquals("2.25.1001", m.getStringProperty(ObjectHeaders.STUDY_INSTANCE_UID));
        assertEquals("2.25.1002", m.getStringProperty(ObjectHeaders.SERIES_INSTANCE_UID));
        assertEquals("1.2.840.10008.1.2.1", m.getStringProperty(ObjectHeaders.TRANSFER_SYNTAX_UID));
        assertEquals("OT", m.getStringProperty(ObjectHeaders.MODALITY));
        assertEquals("CHEST", m.getStringProperty(ObjectHeaders.BODY_PART));
        assertEquals("Generated series", m.getStringProperty(ObjectHeaders.SERIES_DESCRIPTION));
        assertTrue(m.getLongProperty(ObjectHeaders.RECEIVED_AT) > 0);
        assertEquals(DeliveryMode.PERSISTENT, m.getJMSDeliveryMode());
        assertTrue(messages.containsKey("2.25.5002"));
    }

    @Test
    void store_sharedCorpusFiles_spooledAndAnnounced() throws Exception {
        String shared = System.getProperty("shared.data.dir");
        assumeTrue(
                shared != null && Files.isDirectory(Path.of(shared, "dicom")),
                "shared data folder (system property shared.data.dir) is absent; shared-file store test skipped");
        Path ct = Path.of(shared, "dicom/debian-python3-pydicom/CT_small.dcm");
        Path mrBigEndian = Path.of(shared, "dicom/debian-python3-pydicom/MR_small_bigendian.dcm");
        assumeTrue(Files.exists(ct) && Files.exists(mrBigEndian), "expected corpus files are missing");
        ToolRun r = Dcmtk.run(
                "storescu",
                "-aet",
                "CT01",
                "-aec",
                "DEBLUR",
                "127.0.0.1",
                Integer.toString(port),
                ct.toString(),
                mrBigEndian.toString());
        assertEquals(0, r.exit(), r.output());
        Map<String, Message> messages = ingestMessagesBySopInstance();
        long announced = messages.values().stream()
                .filter(m -> {
                    try {
                        return "CT01".equals(m.getStringProperty(ObjectHeaders.CALLING_AE));
                    } catch (Exception e) {
                        return false;
                    }
                })
                .count();
        assertEquals(2, announced);
    }

    @Test
    void store_sopInstanceUidWithPathTraversal_failureStatusAndNothingWrittenOutsideSpool() throws Exception {
        Path evil = RawObjects.secondaryCapture(scratch().resolve("evil.dcm"), "../../evil");
        ToolRun r = Dcmtk.run(
                "storescu",
                "-v",
                "-aet",
                "MODALITY",
                "-aec",
                "DEBLUR",
                "127.0.0.1",
                Integer.toString(port),
                evil.toString());
        assertTrue(r.output().contains("Received Store Response (Error: CannotUnderstand)"), r.output());
        // "../../evil" relative to spool/incoming would land in the data folder or the spool folder.
        for (Path dir : List.of(
                dataDir,
                dataDir.resolve("spool"),
                dataDir.resolve("spool/incoming"),
                dataDir.resolve("spool/tmp"),
                dataDir.getParent())) {
            try (Stream<Path> files = Files.list(dir)) {
                assertFalse(files.anyMatch(p -> p.getFileName().toString().startsWith("evil")), "evil file in " + dir);
            }
        }
        try (Stream<Path> tmp = Files.list(dataDir.resolve("spool/tmp"))) {
            assertEquals(0, tmp.count());
        }
        assertFalse(ingestMessagesBySopInstance().containsKey("../../evil"));
    }

    @Test
    void readiness_listenerAndBrokerUp_ready() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/q/health/ready"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains("dicom-listener") && r.body().contains("broker"), r.body());
    }

    private Map<String, Message> ingestMessagesBySopInstance() throws Exception {
        Map<String, Message> bySop = new HashMap<>();
        try (Connection c = connectionFactory.createConnection()) {
            c.start();
            Session session = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            QueueBrowser browser = session.createBrowser(session.createQueue(Queues.INGEST));
            for (Object o : Collections.list(browser.getEnumeration())) {
                Message m = (Message) o;
                bySop.put(m.getStringProperty(ObjectHeaders.SOP_INSTANCE_UID), m);
            }
        }
        return bySop;
    }
}
