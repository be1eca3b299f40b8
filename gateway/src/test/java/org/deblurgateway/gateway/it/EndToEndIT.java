package org.deblurgateway.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.deblurgateway.gateway.it.support.DicomDigests;
import org.deblurgateway.gateway.it.support.DicomDigests.Digest;
import org.deblurgateway.gateway.it.support.GatewayProcess;
import org.deblurgateway.gateway.it.support.ItDirs;
import org.deblurgateway.gateway.it.support.OrthancPeer;
import org.deblurgateway.gateway.it.support.RulesFile;
import org.deblurgateway.gateway.it.support.SharedData;
import org.deblurgateway.testsupport.Storescu;
import org.deblurgateway.testsupport.Waits;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Modality (storescu) -> gateway -> PACS (Orthanc): a mixed corpus arrives at the PACS with the same SOP Instance UIDs,
 * the same transfer syntaxes and byte-identical Pixel Data (the pass rule must never transcode).
 *
 * <p>Selection, from dicom/INVENTORY.tsv: every object with File Meta Information and a storage SOP class, at most
 * {@value #PER_PAIR} per (SOP class, transfer syntax) pair so each kind is represented without sending 55 MB. Left
 * out: files without File Meta (storescu would have to guess their transfer syntax), DICOMDIR-like non-storage classes,
 * transfer syntaxes neither dcmtk 3.6.7 nor Orthanc 1.10.1 know (HTJ2K 1.2.840.10008.1.2.4.201-203, deflated image
 * frames 1.2.840.10008.1.2.8.1) and the files in it/end-to-end-exclusions.tsv (dcmtk cannot parse them, or Orthanc
 * refuses them when sent directly). Some corpus files share a SOP Instance UID with another file: the first in
 * inventory order is kept, because a PACS stores one object per UID and the comparison would be ambiguous.
 */
class EndToEndIT {

    private static final Logger LOG = Logger.getLogger(EndToEndIT.class);
    private static final int PER_PAIR = 3;
    private static final int MIN_OBJECTS = 50;
    private static final Set<String> UNSUPPORTED_SYNTAXES = Set.of(
            "1.2.840.10008.1.2.4.201", "1.2.840.10008.1.2.4.202", "1.2.840.10008.1.2.4.203", "1.2.840.10008.1.2.8.1");
    private static final String MEDIA_STORAGE_DIRECTORY = "1.2.840.10008.1.3.10";
    /** Transfer syntaxes the selection must cover, so a narrowed corpus cannot pass silently. */
    private static final Map<String, String> REQUIRED_SYNTAXES = Map.ofEntries(
            Map.entry("1.2.840.10008.1.2", "implicit VR little endian"),
            Map.entry("1.2.840.10008.1.2.1", "explicit VR little endian"),
            Map.entry("1.2.840.10008.1.2.2", "explicit VR big endian"),
            Map.entry("1.2.840.10008.1.2.1.99", "deflated explicit VR little endian"),
            Map.entry("1.2.840.10008.1.2.4.50", "JPEG baseline"),
            Map.entry("1.2.840.10008.1.2.4.70", "JPEG lossless SV1"),
            Map.entry("1.2.840.10008.1.2.4.80", "JPEG-LS lossless"),
            Map.entry("1.2.840.10008.1.2.4.90", "JPEG 2000 lossless"),
            Map.entry("1.2.840.10008.1.2.4.91", "JPEG 2000"),
            Map.entry("1.2.840.10008.1.2.5", "RLE lossless"));

    @Test
    void store_mixedCorpus_arrivesAtPacsWithIdenticalUidsAndPixelData() throws IOException {
        List<Digest> selection = select();
        Path work = ItDirs.newWork("end-to-end");
        try (OrthancPeer pacs = OrthancPeer.start("end-to-end", Files.createDirectories(work.resolve("orthanc")));
                GatewayProcess gateway = new GatewayProcess(
                                "end-to-end",
                                work.resolve("gateway-data"),
                                RulesFile.passAllTo(work, pacs.dicomPort()),
                                Map.of())
                        .start()) {

            Storescu.StoreResult sent = Storescu.storeAsIs(
                    "end-to-end", gateway.dicomPort(), "MODALITY", GatewayProcess.AE_TITLE, selection);
            assertEquals(
                    Map.of(),
                    relative(sent.notAcknowledged()),
                    "the gateway must acknowledge every selected object with Success; storescu logs in it-logs");

            Map<String, Digest> expected = selection.stream()
                    .collect(Collectors.toMap(
                            Digest::sopInstanceUid, digest -> digest, (a, b) -> a, LinkedHashMap::new));
            Waits.until(
                    "the PACS to hold all " + expected.size() + " objects",
                    Duration.ofMinutes(4),
                    500,
                    () -> pacs.instanceCount() >= expected.size(),
                    () -> "PACS holds " + pacs.instanceCount() + "; gateway log tail:\n" + gateway.logTail());

            Map<String, Digest> arrived = pacs.downloadAll(work.resolve("from-pacs"));

            assertEquals(
                    new TreeMap<>(expected).keySet(),
                    new TreeMap<>(arrived).keySet(),
                    "the PACS must hold exactly the sent SOP Instance UIDs");
            List<String> mismatches = new ArrayList<>();
            expected.forEach((uid, source) -> {
                Digest copy = arrived.get(uid);
                if (!source.transferSyntaxUid().equals(copy.transferSyntaxUid())) {
                    mismatches.add(relative(source.path()) + ": transfer syntax " + source.transferSyntaxUid() + " -> "
                            + copy.transferSyntaxUid());
                }
                if (!source.pixelSha256().equals(copy.pixelSha256())) {
                    mismatches.add(relative(source.path()) + ": Pixel Data bytes differ");
                }
            });
            assertEquals(List.of(), mismatches, "objects must arrive untouched");
            assertEquals(
                    Map.of(), pacs.duplicateDeliveries(), "without failures no object may be sent to the PACS twice");
            LOG.infof("%d objects arrived intact", expected.size());
        } finally {
            ItDirs.deleteTree(work);
        }
    }

    /** The objects to send, per the class comment. */
    private static List<Digest> select() throws IOException {
        Path dicom = SharedData.dicom();
        Set<String> excluded = Files.readAllLines(ItDirs.resource("end-to-end-exclusions.tsv")).stream()
                .filter(line -> !line.startsWith("#") && !line.isBlank())
                .map(line -> line.split("\t")[0])
                .collect(Collectors.toSet());
        List<Path> candidates = SharedData.inventory().stream()
                .filter(row -> !excluded.contains(row.path()))
                .map(row -> dicom.resolve(row.path()))
                .toList();
        Map<String, Integer> perPair = new HashMap<>();
        Set<String> seenUids = new HashSet<>();
        List<Digest> selection = new ArrayList<>();
        for (Digest digest : DicomDigests.of(candidates).values()) {
            if (!digest.readable()
                    || !digest.hasFileMeta()
                    || "-".equals(digest.sopClassUid())
                    || MEDIA_STORAGE_DIRECTORY.equals(digest.sopClassUid())
                    || UNSUPPORTED_SYNTAXES.contains(digest.transferSyntaxUid())
                    || "-".equals(digest.sopInstanceUid())
                    || !seenUids.add(digest.sopInstanceUid())) {
                continue;
            }
            String pair = digest.sopClassUid() + " " + digest.transferSyntaxUid();
            if (perPair.merge(pair, 1, Integer::sum) <= PER_PAIR) {
                selection.add(digest);
            }
        }
        Set<String> syntaxes = selection.stream().map(Digest::transferSyntaxUid).collect(Collectors.toSet());
        REQUIRED_SYNTAXES.forEach((uid, name) ->
                assertTrue(syntaxes.contains(uid), "the corpus selection lacks " + name + " (" + uid + ")"));
        assertTrue(
                selection.stream().anyMatch(d -> d.sopClassUid().startsWith("1.2.840.10008.5.1.4.1.1.88.")),
                "the selection must include a structured report");
        assertTrue(
                selection.stream().anyMatch(d -> d.sopClassUid().startsWith("1.2.840.10008.5.1.4.1.1.481.")),
                "the selection must include an RT object");
        assertTrue(selection.size() >= MIN_OBJECTS, "only " + selection.size() + " objects selected");
        LOG.infof(
                "selected %d objects, %d transfer syntaxes, %d SOP classes",
                selection.size(),
                syntaxes.size(),
                selection.stream().map(Digest::sopClassUid).distinct().count());
        return selection;
    }

    private static Map<String, String> relative(Map<Path, String> byPath) {
        Map<String, String> out = new TreeMap<>();
        byPath.forEach((path, status) -> out.put(relative(path), status));
        return out;
    }

    private static String relative(Path path) {
        return SharedData.dicom().relativize(path).toString();
    }
}
