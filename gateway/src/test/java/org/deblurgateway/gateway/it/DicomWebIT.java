package org.deblurgateway.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.deblurgateway.gateway.it.support.ConsoleBrowser;
import org.deblurgateway.gateway.it.support.GatewayProcess;
import org.deblurgateway.gateway.it.support.ItDirs;
import org.deblurgateway.gateway.it.support.OrthancPeer;
import org.deblurgateway.testsupport.Dcmtk;
import org.deblurgateway.testsupport.FreePorts;
import org.deblurgateway.testsupport.SopClasses;
import org.deblurgateway.testsupport.SyntheticObjects;
import org.deblurgateway.testsupport.TransferSyntaxUids;
import org.deblurgateway.testsupport.Waits;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * DICOMweb both ways through the packaged gateway, with Orthanc and Debian's DICOMweb plugin as the PACS: curl posts
 * STOW-RS requests of generated objects to {@code gateway.dicomweb.port} (a good and a broken part: 202 with the
 * Failed SOP Sequence; wrong media type 415, no login 401, a viewer 403); the rules forward everything to a
 * {@code dicomweb} destination (Orthanc's STOW-RS) where the objects arrive, are retried while Orthanc is down and
 * arrive once it is back; a second {@code dicomweb} destination with a wrong URL (404) is dead-lettered at once;
 * Orthanc's own DICOMweb client sends an instance to the gateway's port.
 */
class DicomWebIT {

    private static final Logger LOG = Logger.getLogger(DicomWebIT.class);
    private static final String BOUNDARY = "it-boundary-7f3a";
    private static final String ADMIN = "operator";
    private static final String ADMIN_PASSWORD = "operator-it";
    private static final String VIEWER = "viewer";
    private static final String VIEWER_PASSWORD = "viewer-it";
    private static final Pattern DEAD_LETTERED_BROKEN = Pattern.compile("\"broken\"\\s*:\\s*(\\d+)");

    @Test
    void stow_bothWays_throughTheGateway() throws Exception {
        Assumptions.assumeTrue(
                Files.exists(OrthancPeer.DICOMWEB_PLUGIN),
                "Debian's orthanc-dicomweb is not installed (" + OrthancPeer.DICOMWEB_PLUGIN + "); tools/bootstrap "
                        + "installs it");
        Path work = ItDirs.newWork("dicomweb");
        int stowPort = FreePorts.next();
        String stowRoot = "http://127.0.0.1:" + stowPort + "/dicomweb";
        try (OrthancPeer pacs = OrthancPeer.startWithDicomWeb(
                        "dicomweb",
                        Files.createDirectories(work.resolve("orthanc")),
                        "{\"gateway\": [\"%s/\", \"%s\", \"%s\"]}".formatted(stowRoot, ADMIN, ADMIN_PASSWORD));
                GatewayProcess gateway = new GatewayProcess(
                                "dicomweb",
                                work.resolve("gateway-data"),
                                rules(work, pacs),
                                Map.of(
                                        "GATEWAY_DICOMWEB_PORT", Integer.toString(stowPort),
                                        "GATEWAY_FORWARD_INITIAL_DELAY", "500ms",
                                        "GATEWAY_FORWARD_MAX_DELAY", "2s",
                                        "GATEWAY_FORWARD_MAX_ATTEMPTS", "30",
                                        "GATEWAY_HEALTH_LOAD_RULE_MODELS", "false",
                                        "QUARKUS_SECURITY_USERS_EMBEDDED_USERS_OPERATOR",
                                                ConsoleBrowser.userDigest(ADMIN, ADMIN_PASSWORD),
                                        "QUARKUS_SECURITY_USERS_EMBEDDED_ROLES_OPERATOR", "admin",
                                        "QUARKUS_SECURITY_USERS_EMBEDDED_USERS_VIEWER",
                                                ConsoleBrowser.userDigest(VIEWER, VIEWER_PASSWORD),
                                        "QUARKUS_SECURITY_USERS_EMBEDDED_ROLES_VIEWER", "viewer"))
                        .start()) {
            String studies = stowRoot + "/studies";

            // A good object and a broken one in one request: 202, one stored, one failed with 0xC000.
            Path good = object(work, "good.dcm");
            String goodUid = sopInstanceUid(good);
            Path body = multipart(work.resolve("mixed.body"), List.of(Files.readAllBytes(good), brokenObject()));
            Curl mixed = curl(
                    work, "-u", ADMIN + ":" + ADMIN_PASSWORD, "-H", stowType(), "--data-binary", "@" + body, studies);
            assertEquals(202, mixed.status(), mixed.body());
            assertTrue(mixed.body().contains("\"00081199\""), "ReferencedSOPSequence expected: " + mixed.body());
            assertTrue(mixed.body().contains(goodUid), mixed.body());
            assertTrue(
                    mixed.body().contains("\"00081198\"") && mixed.body().contains("\"Value\":[49152]"),
                    "FailedSOPSequence with FailureReason 0xC000 expected: " + mixed.body());

            // Refusals before any byte is stored.
            assertEquals(
                    415,
                    curl(
                                    work,
                                    "-u",
                                    ADMIN + ":" + ADMIN_PASSWORD,
                                    "-H",
                                    "Content-Type: application/dicom",
                                    "--data-binary",
                                    "@" + good,
                                    studies)
                            .status());
            assertEquals(
                    401,
                    curl(work, "-H", stowType(), "--data-binary", "@" + body, studies)
                            .status());
            assertEquals(
                    401,
                    curl(work, "-u", ADMIN + ":wrong", "-H", stowType(), "--data-binary", "@" + body, studies)
                            .status());
            assertEquals(
                    403,
                    curl(
                                    work,
                                    "-u",
                                    VIEWER + ":" + VIEWER_PASSWORD,
                                    "-H",
                                    stowType(),
                                    "--data-binary",
                                    "@" + body,
                                    studies)
                            .status());
            Curl xml = curl(
                    work,
                    "-u",
                    ADMIN + ":" + ADMIN_PASSWORD,
                    "-H",
                    stowType(),
                    "-H",
                    "Accept: application/dicom+xml",
                    "--data-binary",
                    "@" + multipart(work.resolve("broken.body"), List.of(brokenObject())),
                    studies);
            assertEquals(409, xml.status(), xml.body());
            assertTrue(xml.body().contains("keyword=\"FailedSOPSequence\""), xml.body());

            // The stored object reaches Orthanc through the dicomweb destination (STOW-RS to its plugin).
            Waits.until(
                    "the object posted with STOW-RS at Orthanc",
                    Duration.ofMinutes(2),
                    300,
                    () -> pacs.findInstance(goodUid).isPresent(),
                    gateway::logTail);
            // The wrong-URL destination answered 404: dead-lettered at its first attempt.
            Waits.until(
                    "the send to 'broken' dead-lettered",
                    Duration.ofMinutes(1),
                    300,
                    () -> gateway.logText().contains("DGW-FWD-002 STOW-RS to broken"),
                    gateway::logTail);
            assertTrue(
                    gateway.logText()
                            .matches("(?s).*DGW-FWD-002 STOW-RS to broken .*attempt 1/30: status none "
                                    + "\\(HTTP_REFUSED: HTTP 404.*permanent failure.*"),
                    gateway.logTail());
            // The log line comes before the dead letter's transaction commits: ask until the broker lists it.
            String[] deadLetters = {""};
            Waits.until(
                    "the dead letter of 'broken' listed",
                    Duration.ofSeconds(30),
                    300,
                    () -> {
                        try {
                            deadLetters[0] = curl(
                                            work,
                                            "-u",
                                            ADMIN + ":" + ADMIN_PASSWORD,
                                            "http://127.0.0.1:" + gateway.httpPort() + "/admin/dead-letters")
                                    .body();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new IllegalStateException(e);
                        }
                        Matcher dead = DEAD_LETTERED_BROKEN.matcher(deadLetters[0]);
                        return dead.find() && Integer.parseInt(dead.group(1)) >= 1;
                    },
                    () -> deadLetters[0]);

            // Orthanc down: the object is still taken (200), retried, and arrives once Orthanc is back.
            pacs.stop();
            Path later = object(work, "later.dcm");
            String laterUid = sopInstanceUid(later);
            Curl whileDown = curl(
                    work,
                    "-u",
                    ADMIN + ":" + ADMIN_PASSWORD,
                    "-H",
                    stowType(),
                    "--data-binary",
                    "@" + multipart(work.resolve("later.body"), List.of(Files.readAllBytes(later))),
                    studies);
            assertEquals(200, whileDown.status(), whileDown.body());
            Waits.until(
                    "a STOW-RS retry while Orthanc is down",
                    Duration.ofMinutes(1),
                    300,
                    () -> gateway.logText().contains("DGW-FWD-003 STOW-RS to web"),
                    gateway::logTail);
            pacs.start();
            Waits.until(
                    "the object sent while Orthanc was down to arrive",
                    Duration.ofMinutes(2),
                    300,
                    () -> pacs.findInstance(laterUid).isPresent(),
                    gateway::logTail);

            // Orthanc's own DICOMweb client stores an instance into the gateway's STOW-RS port.
            String instance = pacs.findInstance(goodUid).orElseThrow();
            int deliveriesBefore = pacs.deliveries().getOrDefault(goodUid, 0);
            String answer = pacs.restPost(
                    "/dicom-web/servers/gateway/stow",
                    "{\"Resources\": [\"" + instance + "\"], \"Synchronous\": true}");
            LOG.infof("Orthanc's STOW-RS client answered: %s", answer);
            Waits.until(
                    "Orthanc's STOW-RS request stored by the gateway",
                    Duration.ofMinutes(1),
                    300,
                    () -> gateway.logText()
                            .matches("(?s).*DGW-WEB-002 STOW-RS operator@[^:]+:\\d+: 1 instance\\(s\\) "
                                    + "stored, 0 failed, HTTP 200.*"),
                    gateway::logTail);
            // ... and forwards it back through the dicomweb destination: one more delivery of the same UID.
            Waits.until(
                    "the instance from Orthanc's client forwarded back",
                    Duration.ofMinutes(1),
                    300,
                    () -> pacs.deliveries().getOrDefault(goodUid, 0) > deliveriesBefore,
                    gateway::logTail);
            assertTrue(!gateway.logText().contains(goodUid), "no UIDs in the log at INFO");
        } finally {
            ItDirs.deleteTree(work);
        }
    }

    private static Path rules(Path work, OrthancPeer pacs) throws IOException {
        Path rules = work.resolve("rules.yaml");
        Files.writeString(rules, """
                destinations:
                  web: {type: dicomweb, url: "%s"}
                  broken: {type: dicomweb, url: "http://127.0.0.1:%d/no-dicom-web-here"}
                rules:
                  - name: default
                    action: pass
                    destinations: [web, broken]
                """.formatted(pacs.dicomWebRoot(), pacs.httpPort()));
        return rules;
    }

    private static String stowType() {
        return "Content-Type: multipart/related; type=\"application/dicom\"; boundary=" + BOUNDARY;
    }

    private static Path object(Path work, String name) throws Exception {
        return SyntheticObjects.write(
                SyntheticObjects.withCells(
                        SyntheticObjects.image(
                                SopClasses.SECONDARY_CAPTURE,
                                SyntheticObjects.Spec.grey("MONOCHROME2", 64, 64, 1, 16, 12, 11, false)),
                        16,
                        new int[64 * 64]),
                work.resolve(name),
                TransferSyntaxUids.EXPLICIT_LE);
    }

    /** A Part 10 header and then nothing: "DICM" but no file meta information group. */
    private static byte[] brokenObject() {
        byte[] bytes = new byte[200];
        System.arraycopy("DICM".getBytes(StandardCharsets.US_ASCII), 0, bytes, 128, 4);
        return bytes;
    }

    private static String sopInstanceUid(Path file) throws Exception {
        return Dcmtk.value(file, "SOPInstanceUID");
    }

    private static Path multipart(Path file, List<byte[]> parts) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.write(("--" + BOUNDARY + "\r\nContent-Type: application/dicom\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(part);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.write(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        Files.write(file, out.toByteArray());
        return file;
    }

    private record Curl(int status, String body) {}

    /** curl with the given arguments; the HTTP status and the body. */
    private static Curl curl(Path work, String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile(work, "curl", ".out");
        List<String> command = new ArrayList<>(List.of("curl", "-s", "-o", out.toString(), "-w", "%{http_code}"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String status = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        process.waitFor();
        return new Curl(Integer.parseInt(status), Files.readString(out));
    }
}
