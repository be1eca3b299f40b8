package org.deblurgateway.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.deblurgateway.gateway.it.support.DicomDigests;
import org.deblurgateway.gateway.it.support.GatewayProcess;
import org.deblurgateway.gateway.it.support.ItDirs;
import org.deblurgateway.gateway.it.support.RawDicomFile;
import org.deblurgateway.gateway.it.support.RulesFile;
import org.deblurgateway.gateway.it.support.SharedData;
import org.deblurgateway.gateway.it.support.SpoolFiles;
import org.deblurgateway.testsupport.Echoscu;
import org.deblurgateway.testsupport.RawStoreScu;
import org.deblurgateway.testsupport.Storescu;
import org.deblurgateway.testsupport.Waits;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Bad bytes on the wire: every file of dicom-bad, plus truncated and garbled copies of good files, must get a failure
 * status, a reject or an abort; the gateway must answer the next association, and nothing of the bad object may stay
 * in the spool.
 *
 * <p>How the bytes get there: storescu parses a file before sending and skips what it cannot parse, so each input is
 * sent by {@link RawStoreScu}, which puts the data set bytes on the wire exactly as they are. For dicom-bad files
 * storescu is tried first as well, and its answer checked when it did send; the .json and .zip fixtures are not DICOM
 * at all and go only through the raw sender (as an implicit VR data set of Secondary Capture).
 */
class MalformedInputIT {

    private static final Logger LOG = Logger.getLogger(MalformedInputIT.class);
    private static final String CALLING = "MODALITY";
    private static final int RESPONSE_TIMEOUT_MILLIS = 60_000;
    /** Good files cut and garbled: explicit LE, implicit LE, big endian, JPEG baseline, JPEG 2000, RLE. */
    private static final List<String> GOOD_FILES_TO_TRUNCATE = List.of(
            "1.2.840.10008.1.2.1",
            "1.2.840.10008.1.2",
            "1.2.840.10008.1.2.2",
            "1.2.840.10008.1.2.4.50",
            "1.2.840.10008.1.2.4.90",
            "1.2.840.10008.1.2.5");

    private static Path work;
    private static GatewayProcess gateway;
    private static int fallbackUids;

    @BeforeAll
    static void startGateway() {
        SharedData.root();
        work = ItDirs.newWork("malformed-input");
        gateway =
                new GatewayProcess("malformed-input", work.resolve("gateway-data"), RulesFile.dropAll(work), Map.of());
        gateway.start();
    }

    @AfterAll
    static void stopGateway() {
        if (gateway != null) {
            gateway.close();
        }
        ItDirs.deleteTree(work);
    }

    @TestFactory
    Stream<DynamicTest> store_dicomBadFile_refusedAndGatewayKeepsServing() throws IOException {
        Path bad = SharedData.dicomBad();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(bad)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(path -> !path.getFileName().toString().endsWith(".md"))
                    .sorted()
                    .toList();
        }
        assertTrue(files.size() >= 8, "dicom-bad holds only " + files.size() + " inputs");
        Map<Path, DicomDigests.Digest> digests = DicomDigests.of(files);
        return files.stream()
                .map(file -> DynamicTest.dynamicTest(bad.relativize(file).toString(), () -> {
                    // Both ways are always tried, so one report shows how the gateway treats the file on each path.
                    List<String> problems = new ArrayList<>();
                    if (file.getFileName().toString().endsWith(".dcm")) {
                        problems.addAll(storescuMustNotSucceed(file));
                    }
                    problems.addAll(rawMustBeRefused(
                            bad.relativize(file).toString(),
                            withDataSetUids(RawDicomFile.read(file, nextFallbackUid()), digests.get(file))));
                    assertEquals(List.of(), problems, bad.relativize(file).toString());
                }));
    }

    @TestFactory
    Stream<DynamicTest> store_truncatedOrGarbledCopy_refusedAndGatewayKeepsServing() {
        Path dicom = SharedData.dicom();
        List<DynamicTest> tests = new ArrayList<>();
        for (String syntax : GOOD_FILES_TO_TRUNCATE) {
            SharedData.InventoryRow row = SharedData.inventory().stream()
                    .filter(r -> r.tsUid().equals(syntax) && r.bytes() > 20_000)
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no corpus file with transfer syntax " + syntax));
            RawDicomFile good = RawDicomFile.read(dicom.resolve(row.path()), nextFallbackUid());
            tests.add(DynamicTest.dynamicTest(
                    "cut at 50%: " + row.path(), () -> assertRefused("cut " + row.path(), good.truncated(0.5))));
        }
        SharedData.InventoryRow implicit = SharedData.inventory().stream()
                .filter(r -> r.tsUid().equals("1.2.840.10008.1.2") && r.bytes() > 20_000)
                .findFirst()
                .orElseThrow();
        RawDicomFile implicitFile = RawDicomFile.read(dicom.resolve(implicit.path()), nextFallbackUid());
        int header = implicitFile.implicitElementHeaderNear(Math.min(400, implicitFile.pixelDataOffsetOrEnd() / 2));
        tests.add(DynamicTest.dynamicTest(
                "element header inverted mid-header: " + implicit.path(),
                () -> assertRefused("garbled " + implicit.path(), implicitFile.flipped(header, 8))));
        SharedData.InventoryRow explicit = SharedData.inventory().stream()
                .filter(r -> r.tsUid().equals("1.2.840.10008.1.2.1") && r.bytes() > 20_000)
                .findFirst()
                .orElseThrow();
        RawDicomFile explicitFile = RawDicomFile.read(dicom.resolve(explicit.path()), nextFallbackUid());
        tests.add(DynamicTest.dynamicTest(
                "Pixel Data length 2 GB: " + explicit.path(),
                () -> assertRefused("huge length " + explicit.path(), explicitFile.withHugePixelDataLength())));
        return tests.stream();
    }

    /** storescu may refuse to send a broken file; when it does send one, the gateway must not answer Success. */
    private static List<String> storescuMustNotSucceed(Path file) {
        List<Path> spoolBefore = SpoolFiles.under(gateway.spoolDir());
        List<String> problems = new ArrayList<>();
        try (Storescu.StoreRun run = Storescu.start(
                "malformed", gateway.dicomPort(), CALLING, GatewayProcess.AE_TITLE, List.of("-R"), List.of(file))) {
            String status = run.awaitEnd(Duration.ofMinutes(2)).responses().get(file);
            LOG.infof("storescu with %s: %s", file.getFileName(), status);
            if (Storescu.StoreResult.SUCCESS.equals(status)) {
                problems.add("sent by storescu, acknowledged with Success");
            }
        }
        problems.addAll(gatewayStillServesAndSpoolHasNothingNew("storescu " + file.getFileName(), spoolBefore));
        return problems;
    }

    private static void assertRefused(String label, RawDicomFile file) throws IOException {
        assertEquals(List.of(), rawMustBeRefused(label, file), label);
    }

    private static List<String> rawMustBeRefused(String label, RawDicomFile file) throws IOException {
        List<Path> spoolBefore = SpoolFiles.under(gateway.spoolDir());
        RawStoreScu.Outcome outcome = RawStoreScu.store(
                gateway.dicomPort(),
                CALLING,
                GatewayProcess.AE_TITLE,
                file.sopClassUid(),
                file.sopInstanceUid(),
                file.transferSyntaxUid(),
                file.dataSet(),
                RESPONSE_TIMEOUT_MILLIS);
        LOG.infof("raw C-STORE of %s: %s", label, outcome);
        List<String> problems = new ArrayList<>();
        if (!outcome.refused()) {
            problems.add("raw C-STORE: expected a failure status, reject or abort, got " + outcome);
        }
        problems.addAll(gatewayStillServesAndSpoolHasNothingNew("raw " + label, spoolBefore));
        return problems;
    }

    private static List<String> gatewayStillServesAndSpoolHasNothingNew(String label, List<Path> spoolBefore) {
        List<String> problems = new ArrayList<>();
        Echoscu.EchoResult echo = Echoscu.echo(gateway.dicomPort(), CALLING, GatewayProcess.AE_TITLE);
        if (!echo.succeeded()) {
            problems.add("after " + label + " the gateway no longer answers C-ECHO: " + echo.output());
        }
        // An aborted association may be cleaned up just after the abort: allow a few seconds for that.
        try {
            Waits.until(
                    "the spool to hold nothing new after " + label,
                    Duration.ofSeconds(10),
                    200,
                    () -> newFiles(spoolBefore).isEmpty(),
                    () -> "");
        } catch (AssertionError e) {
            problems.add("after " + label + " the spool holds new files: " + newFiles(spoolBefore));
        }
        return problems;
    }

    private static List<Path> newFiles(List<Path> before) {
        return SpoolFiles.under(gateway.spoolDir()).stream()
                .filter(path -> !before.contains(path))
                .toList();
    }

    /** The command carries the data set's own UIDs when pydicom finds them, as storescu would send it. */
    private static RawDicomFile withDataSetUids(RawDicomFile file, DicomDigests.Digest digest) {
        if (digest == null
                || !digest.readable()
                || "-".equals(digest.sopClassUid())
                || "-".equals(digest.sopInstanceUid())) {
            return file;
        }
        return file.withCommandUids(digest.sopClassUid(), digest.sopInstanceUid());
    }

    private static synchronized String nextFallbackUid() {
        return "2.25." + (System.nanoTime() & 0x7FFFFFFFFFFFL) + (++fallbackUids);
    }
}
