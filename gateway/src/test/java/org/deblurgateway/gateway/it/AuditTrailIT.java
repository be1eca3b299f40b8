package org.deblurgateway.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.TagFromName;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.xpath.XPathFactory;
import org.deblurgateway.gateway.it.support.ConsoleBrowser;
import org.deblurgateway.gateway.it.support.DicomDigests;
import org.deblurgateway.gateway.it.support.GatewayProcess;
import org.deblurgateway.gateway.it.support.ItDirs;
import org.deblurgateway.gateway.it.support.WorkerProcess;
import org.deblurgateway.testsupport.Echoscu;
import org.deblurgateway.testsupport.FreePorts;
import org.deblurgateway.testsupport.SopClasses;
import org.deblurgateway.testsupport.Storescp;
import org.deblurgateway.testsupport.Storescu;
import org.deblurgateway.testsupport.SyntheticObjects;
import org.deblurgateway.testsupport.TransferSyntaxUids;
import org.deblurgateway.testsupport.Waits;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

/**
 * The audit trail of a real gateway run, and no PHI in its log. Generated CT images with distinctive patient names and
 * IDs are sent with storescu under a pass rule and a deblur rule (its frames deblurred by a separate frame-worker
 * process, as {@code bin/gateway worker} runs one), an association is refused (called AE not ours), a console user
 * fails a login, logs in, searches the studies and logs out, and the gateway is stopped. Then every line of the audit
 * file must validate against the DICOM audit schema and the expected event types must be there, the Patient IDs only
 * where A.5 asks for them and no patient name at all, each received study with the modality's address; and no line
 * of the gateway's log nor of the worker's may name a patient or a Patient ID that was sent.
 */
class AuditTrailIT {

    private static final String USER = "auditor";
    private static final String PASSWORD = "audit-it-password";
    private static final String MODEL = "rdsam-lite";

    /** Distinctive values nothing else in a log could contain by chance. */
    private record Patient(String name, String id) {}

    private static final List<Patient> PATIENTS = List.of(
            new Patient("Quillborne^Zephyrine", "PHI-ZQ-90817"),
            new Patient("Vantwerpel^Oskarine^M", "PHI-VO-55310"),
            new Patient("Drummelsby^Hortensia", "PHI-DH-27764"),
            new Patient("Fjellgaard^Ulrikke", "PHI-FU-61148"));

    @Test
    void auditMessagesValidateAndNoPatientDataReachesTheLog() throws Exception {
        assumeTrue(Storescp.installed(), "dcmtk is not installed; run tools/bootstrap");
        Path work = ItDirs.newWork("audit-trail");
        List<Path> pass = new ArrayList<>();
        List<Path> deblur = new ArrayList<>();
        for (int i = 0; i < PATIENTS.size(); i++) {
            Path file = image(work.resolve("sent").resolve("p" + i + ".dcm"), PATIENTS.get(i), i);
            (i < 2 ? pass : deblur).add(file);
        }
        int pacsPort = FreePorts.next();
        Path rules = Files.writeString(work.resolve("rules.yaml"), """
                destinations:
                  pacs: {ae-title: PACS, host: 127.0.0.1, port: %d}
                rules:
                  - name: deblur-scanner
                    match: {calling-ae-title: MOD-DEBLUR}
                    action: deblur
                    model: %s
                    forward-original: true
                    destinations: [pacs]
                  - name: pass-rest
                    action: pass
                    destinations: [pacs]
                """.formatted(pacsPort, MODEL));
        Path dataDir = work.resolve("gateway-data");
        String gatewayLog;
        String workerLog;
        List<WorkerProcess.DeblurredFrame> workerFrames;
        try (Storescp pacs = Storescp.start("PACS", pacsPort, work.resolve("pacs"));
                GatewayProcess gateway = new GatewayProcess(
                        "audit-trail",
                        dataDir,
                        rules,
                        Map.of(
                                "GATEWAY_DEBLUR_WORKERS",
                                "0", // every frame goes to the worker process
                                "GATEWAY_DEBLUR_THREADS",
                                "2",
                                "QUARKUS_SECURITY_USERS_EMBEDDED_USERS_" + USER.toUpperCase(Locale.ROOT),
                                ConsoleBrowser.userDigest(USER, PASSWORD),
                                "QUARKUS_SECURITY_USERS_EMBEDDED_ROLES_" + USER.toUpperCase(Locale.ROOT),
                                "viewer"))) {
            gateway.start();
            WorkerProcess worker = new WorkerProcess(
                    "audit-trail",
                    "audit-worker",
                    work.resolve("worker-data"),
                    gateway.embeddedBrokerUrl(),
                    rules,
                    Map.of(
                            "GATEWAY_DEBLUR_WORKERS",
                            "1",
                            "GATEWAY_DEBLUR_THREADS",
                            "2",
                            "GATEWAY_BROKER_CREDENTIALS_FILE",
                            gateway.brokerCredentialsFile().toString()));
            try (worker) {
                worker.start();
                sendAndUse(gateway, pacs, pass, deblur);
                worker.close();
                workerLog = worker.logText();
                workerFrames = WorkerProcess.deblurredFrames(workerLog);
            }
            gateway.stop();
            gatewayLog = gateway.logText();
        }

        assertEquals(2, workerFrames.size(), "both deblurred images' frames by the worker process: " + workerFrames);
        // Every line of the gateway's own log (its process output, all starts), none naming a patient.
        List<String> leaks = PhiScan.leaks(gatewayLog.lines().toList(), terms());
        assertEquals(List.of(), leaks, "patient names or IDs in the gateway log");
        List<String> workerLeaks = PhiScan.leaks(workerLog.lines().toList(), terms());
        assertEquals(List.of(), workerLeaks, "patient names or IDs in the frame worker's log");
        assertTrue(workerLog.lines().count() > 10, "the worker's log was read: " + workerLog);

        checkAuditTrail(dataDir);
    }

    /** Stores the objects, has an association refused, waits for the PACS and uses the console. */
    private static void sendAndUse(GatewayProcess gateway, Storescp pacs, List<Path> pass, List<Path> deblur)
            throws Exception {
        assertAllStored(Storescu.storeAsIs(
                "audit-pass",
                gateway.dicomPort(),
                "MOD-PASS",
                GatewayProcess.AE_TITLE,
                List.copyOf(DicomDigests.of(pass).values())));
        assertAllStored(Storescu.storeAsIs(
                "audit-deblur",
                gateway.dicomPort(),
                "MOD-DEBLUR",
                GatewayProcess.AE_TITLE,
                List.copyOf(DicomDigests.of(deblur).values())));
        Echoscu.EchoResult refused = Echoscu.echo(gateway.dicomPort(), "MOD-PASS", "NOT-OURS");
        assertTrue(refused.associationRejected(), refused.output());
        Waits.until(
                "2 + 2 originals and 2 derived instances at the PACS",
                Duration.ofMinutes(6),
                1000,
                () -> pacs.received().size() >= 6,
                gateway::logTail);
        console(gateway.httpPort());
    }

    private static void checkAuditTrail(Path dataDir) throws Exception {
        List<String> lines = Files.readAllLines(dataDir.resolve("audit").resolve("audit.log"));
        Schema schema = schema();
        Map<String, Integer> events = new TreeMap<>();
        for (String line : lines) {
            try {
                schema.newValidator().validate(new StreamSource(new StringReader(line)));
            } catch (Exception e) {
                throw new AssertionError("audit message does not validate: " + e.getMessage() + "\n" + line, e);
            }
            Document d = parse(line);
            String key = xpath(d, "/AuditMessage/EventIdentification/EventID/@csd-code") + " "
                    + xpath(d, "/AuditMessage/EventIdentification/@EventActionCode") + " "
                    + xpath(d, "/AuditMessage/EventIdentification/EventTypeCode/@csd-code") + " "
                    + xpath(d, "/AuditMessage/EventIdentification/@EventOutcomeIndicator");
            events.merge(key.replace("  ", " "), 1, Integer::sum);
            if (key.startsWith("110104 C")) {
                String source = "/AuditMessage/ActiveParticipant[RoleIDCode/@csd-code='110153']";
                assertEquals("127.0.0.1", xpath(d, source + "/@NetworkAccessPointID"), "the modality's address");
                assertEquals("2", xpath(d, source + "/@NetworkAccessPointTypeCode"), "an IP address");
            }
        }
        Map<String, Integer> expected = new TreeMap<>(Map.of(
                "110100 E 110120 0", 1, // application start
                "110100 E 110121 0", 1, // application stop
                "110113 E 110126 4", 1, // the refused association
                "110104 C 0", 4, // one per study per association: four studies over two associations
                "110104 R 0", 6, // each original and each derived instance delivered to the PACS
                "110103 C 0", 2, // two derived instances
                "110114 E 110122 4", 1, // the failed login
                "110114 E 110122 0", 1, // the login
                "110114 E 110123 0", 1, // the logout
                "110112 E 0", 1)); // the study search
        assertEquals(
                expected, events, "audit events (EventID action type outcome -> count)\n" + String.join("\n", lines));

        String audit = String.join("\n", lines);
        for (Patient p : PATIENTS) {
            assertTrue(audit.contains("ParticipantObjectID=\"" + p.id() + "\""), "A.5.3.2 names the patient by ID");
            for (String part : p.name().split("\\^")) {
                if (part.length() > 2) { // not the middle initial
                    assertTrue(!audit.contains(part), "no patient name in the audit trail: " + part);
                }
            }
        }
    }

    @Test
    void theLogScanFindsANameOrIdInAnyForm() {
        List<String> terms = terms();
        List<String> log = List.of(
                "2026-12-07 INFO  [x] stored for QUILLBORNE ZEPHYRINE",
                "2026-12-07 INFO  [x] nothing to see",
                "2026-12-07 DEBUG [x] patient phi-dh-27764");
        assertEquals(2, PhiScan.leaks(log, terms).size());
    }

    private static List<String> terms() {
        List<String> terms = new ArrayList<>();
        for (Patient p : PATIENTS) {
            terms.add(p.id());
            for (String part : p.name().split("\\^")) {
                if (part.length() > 2) {
                    terms.add(part);
                }
            }
        }
        return terms;
    }

    /** Finds the lines that contain any of the terms, ignoring case. */
    static final class PhiScan {
        private PhiScan() {}

        static List<String> leaks(List<String> lines, List<String> terms) {
            List<String> found = new ArrayList<>();
            for (String line : lines) {
                String lower = line.toLowerCase(Locale.ROOT);
                for (String term : terms) {
                    if (lower.contains(term.toLowerCase(Locale.ROOT))) {
                        found.add(term + ": " + line);
                        break;
                    }
                }
            }
            return found;
        }
    }

    /** A failed login, a login, a study search by Patient ID and a logout, over HTTP as a browser does them. */
    private static void console(int httpPort) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        String base = "http://127.0.0.1:" + httpPort;
        HttpResponse<String> failed = http.send(login(base, "wrong-password"), HttpResponse.BodyHandlers.ofString());
        assertTrue(failed.headers().firstValue("location").orElse("").contains("error"), "failed login");
        HttpResponse<String> ok = http.send(login(base, PASSWORD), HttpResponse.BodyHandlers.ofString());
        String session = ok.headers().allValues("set-cookie").stream()
                .filter(c -> c.startsWith("gateway-console="))
                .map(c -> c.substring(0, c.indexOf(';')))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no session cookie after login: " + ok.headers()));
        HttpResponse<String> studies = http.send(
                HttpRequest.newBuilder(URI.create(base + "/console/studies?by=patient-id&q="
                                + PATIENTS.get(0).id()))
                        .header("Cookie", session)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, studies.statusCode(), studies.body());
        String csrfCookie = studies.headers().allValues("set-cookie").stream()
                .filter(c -> c.startsWith("gateway-csrf="))
                .map(c -> c.substring(0, c.indexOf(';')))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no CSRF cookie on the studies page"));
        Matcher token =
                Pattern.compile("name=\"csrf-token\" value=\"([^\"]+)\"").matcher(studies.body());
        assertTrue(token.find(), "the page's logout form carries a CSRF token");
        HttpResponse<String> logout = http.send(
                HttpRequest.newBuilder(URI.create(base + "/console/logout"))
                        .header("Cookie", session + "; " + csrfCookie)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "csrf-token=" + URLEncoder.encode(token.group(1), StandardCharsets.UTF_8)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(303, logout.statusCode(), "logout: " + logout.body());
    }

    private static HttpRequest login(String base, String password) {
        return HttpRequest.newBuilder(URI.create(base + "/j_security_check"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "j_username=" + USER + "&j_password=" + URLEncoder.encode(password, StandardCharsets.UTF_8)))
                .build();
    }

    private static void assertAllStored(Storescu.StoreResult result) {
        assertEquals(Map.of(), result.notAcknowledged(), "every object answered Success; storescu log in it-logs");
    }

    /** A 64 x 64 CT image of its own study, of {@code patient}. */
    private static Path image(Path file, Patient patient, int seed) throws Exception {
        SyntheticObjects.Spec spec = SyntheticObjects.Spec.grey("MONOCHROME2", 64, 64, 1, 16, 12, 11, false);
        AttributeList list = SyntheticObjects.image(SopClasses.CT_IMAGE, spec);
        SyntheticObjects.put(list, TagFromName.PatientName, patient.name());
        SyntheticObjects.put(list, TagFromName.PatientID, patient.id());
        SyntheticObjects.put(list, TagFromName.StudyInstanceUID, "2.25.7" + seed + System.nanoTime());
        SyntheticObjects.put(list, TagFromName.SeriesInstanceUID, "2.25.8" + seed + System.nanoTime());
        SyntheticObjects.put(list, TagFromName.SOPInstanceUID, "2.25.9" + seed + System.nanoTime());
        SyntheticObjects.put(list, TagFromName.Modality, "CT");
        int[] cells = new int[64 * 64];
        Random random = new Random(seed);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                cells[y * 64 + x] = ((x / 8 + y / 8) % 2) * 2000 + random.nextInt(200);
            }
        }
        SyntheticObjects.withCells(list, 16, cells);
        Files.createDirectories(file.getParent());
        return SyntheticObjects.write(list, file, TransferSyntaxUids.EXPLICIT_LE);
    }

    /** The DICOM audit message schema from ipf-commons-audit (test scope), as the unit tests use it. */
    private static Schema schema() throws Exception {
        return SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                .newSchema(AuditTrailIT.class.getClassLoader().getResource("dicom2017c.xsd"));
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    }

    private static String xpath(Document d, String expression) throws Exception {
        return XPathFactory.newInstance().newXPath().evaluate(expression, d);
    }
}
