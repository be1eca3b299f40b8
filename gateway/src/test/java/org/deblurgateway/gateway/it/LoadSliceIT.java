package org.deblurgateway.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.deblurgateway.dicom.derived.DerivedUids;
import org.deblurgateway.gateway.it.support.GatewayProcess;
import org.deblurgateway.gateway.it.support.ItDirs;
import org.deblurgateway.gateway.it.support.OrthancPeer;
import org.deblurgateway.gateway.it.support.SpoolFiles;
import org.deblurgateway.testsupport.Storescu;
import org.deblurgateway.testsupport.SyntheticObjects;
import org.deblurgateway.testsupport.Waits;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * A bounded slice of bench/load.sh and bench/soak.sh in the test suite: {@value #ASSOCIATIONS} storescu associations
 * at once, {@value #PER_ASSOCIATION} objects each (one in {@value #DEBLUR_EVERY} through a deblur rule, the rest
 * passed), into the packaged gateway and on to Orthanc, which is stopped once while the gateway forwards. Counts what
 * was lost and what was duplicated: every acknowledged object stored, each deblurred source with exactly its one
 * derived instance, nothing nobody sent, and spool and outbound folders empty afterwards. A C-STORE in flight when
 * Orthanc stops may be sent again (at-least-once over DICOM), but no more than one per forward consumer.
 */
class LoadSliceIT {

    private static final Logger LOG = Logger.getLogger(LoadSliceIT.class);
    private static final int ASSOCIATIONS = 4;
    private static final int PER_ASSOCIATION = 25;
    private static final int DEBLUR_EVERY = 5;
    private static final int FORWARD_CONSUMERS = 4;
    private static final String MODEL = "rdsam-lite";
    private static final String SECONDARY_CAPTURE = "1.2.840.10008.5.1.4.1.1.7";
    private static final String COMPUTED_RADIOGRAPHY = "1.2.840.10008.5.1.4.1.1.1";
    private static final Duration DELIVERY_TIMEOUT = Duration.ofMinutes(3);

    @Test
    void concurrentAssociations_pacsStoppedOnce_nothingLostNothingDuplicated() throws Exception {
        Path work = ItDirs.newWork("load-slice");
        Map<Path, String> objects = new LinkedHashMap<>();
        Set<String> deblurSources = new HashSet<>();
        List<List<Path>> perAssociation = generate(work.resolve("objects"), objects, deblurSources);

        try (OrthancPeer pacs = OrthancPeer.start("load-slice", Files.createDirectories(work.resolve("orthanc")));
                GatewayProcess gateway = new GatewayProcess(
                                "load-slice",
                                work.resolve("gateway-data"),
                                rules(work, pacs.dicomPort()),
                                Map.of(
                                        "GATEWAY_FORWARD_CONCURRENT_CONSUMERS",
                                        Integer.toString(FORWARD_CONSUMERS),
                                        "GATEWAY_DICOM_MAX_ASSOCIATIONS",
                                        Integer.toString(ASSOCIATIONS + 2),
                                        "GATEWAY_DEBLUR_THREADS",
                                        "1"))
                        .start()) {
            List<Storescu.StoreRun> runs = new ArrayList<>();
            for (int a = 0; a < ASSOCIATIONS; a++) {
                runs.add(Storescu.start(
                        "load-slice-" + a,
                        gateway.dicomPort(),
                        "LOAD" + a,
                        GatewayProcess.AE_TITLE,
                        List.of(),
                        perAssociation.get(a)));
            }
            // Stop the PACS while the gateway forwards: a third of the originals there, the rest still coming.
            Waits.until(
                    "a third of the objects at the PACS",
                    DELIVERY_TIMEOUT,
                    100,
                    () -> pacs.instanceCount() >= objects.size() / 3,
                    () -> "PACS holds " + pacs.instanceCount() + "; gateway log tail:\n" + gateway.logTail());
            pacs.stop();
            Waits.sleep(5_000);
            pacs.start();

            Set<String> acknowledged = new TreeSet<>();
            for (Storescu.StoreRun run : runs) {
                try (run) {
                    run.awaitEnd(Duration.ofMinutes(2))
                            .acknowledged()
                            .forEach(path -> acknowledged.add(objects.get(path)));
                }
            }
            assertEquals(objects.size(), acknowledged.size(), "every C-STORE acknowledged with Success");

            Set<String> expected = new TreeSet<>(acknowledged);
            deblurSources.forEach(source -> expected.add(DerivedUids.instanceUid(source, MODEL)));
            Waits.until(
                    "all " + expected.size() + " instances (originals and derived) at the PACS",
                    DELIVERY_TIMEOUT,
                    500,
                    () -> pacs.instanceCount() >= expected.size()
                            && SpoolFiles.under(gateway.spoolDir()).isEmpty()
                            && SpoolFiles.under(gateway.dataDir().resolve("outbound"))
                                    .isEmpty(),
                    () -> "PACS holds " + pacs.instanceCount() + " of " + expected.size() + "; gateway log tail:\n"
                            + gateway.logTail());
            // A late retry would come within the backoff delays; give it a moment before counting.
            Waits.sleep(3_000);

            Set<String> stored = pacs.sopInstanceUids();
            Set<String> lost = new TreeSet<>(expected);
            lost.removeAll(stored);
            Set<String> unexpected = new TreeSet<>(stored);
            unexpected.removeAll(expected);
            Map<String, Integer> resent = pacs.duplicateDeliveries();
            LOG.infof(
                    "load slice: %d acknowledged, %d derived expected, PACS holds %d; lost %d, unexpected %d, "
                            + "%d UIDs C-STOREd more than once",
                    acknowledged.size(),
                    deblurSources.size(),
                    stored.size(),
                    lost.size(),
                    unexpected.size(),
                    resent.size());
            assertEquals(Set.of(), lost, "acknowledged objects or their derived instances missing at the PACS");
            assertEquals(
                    Set.of(),
                    unexpected,
                    "the PACS holds instances nobody sent and no deblur derived (a second derived copy?)");
            assertEquals(expected.size(), pacs.instanceCount(), "one instance per SOP Instance UID");
            assertTrue(
                    resent.size() <= FORWARD_CONSUMERS,
                    "at most one C-STORE per forward consumer can be in flight when the PACS stops, yet "
                            + resent.size() + " UIDs were sent more than once: " + resent);
            assertEquals(List.of(), SpoolFiles.under(gateway.spoolDir()), "receive spool empty after delivery");
        }
    }

    private static Path rules(Path work, int pacsPort) throws IOException {
        return Files.writeString(work.resolve("rules.yaml"), """
                destinations:
                  pacs: {ae-title: %s, host: 127.0.0.1, port: %d}
                rules:
                  - name: deblur-cr
                    match: {modality: CR}
                    action: deblur
                    model: %s
                    destinations: [pacs]
                  - name: default
                    action: pass
                    destinations: [pacs]
                """.formatted(OrthancPeer.AE_TITLE, pacsPort, MODEL));
    }

    /** Small grey objects with their own SOP Instance UIDs: 128x128 OT to pass, every fifth a 128x128 CR to deblur. */
    private static List<List<Path>> generate(Path dir, Map<Path, String> objects, Set<String> deblurSources)
            throws IOException, DicomException {
        Files.createDirectories(dir);
        Random random = new Random(15);
        List<List<Path>> perAssociation = new ArrayList<>();
        int number = 0;
        for (int a = 0; a < ASSOCIATIONS; a++) {
            List<Path> files = new ArrayList<>();
            for (int i = 0; i < PER_ASSOCIATION; i++) {
                number++;
                boolean deblur = number % DEBLUR_EVERY == 0;
                SyntheticObjects.Spec spec = SyntheticObjects.Spec.grey("MONOCHROME2", 128, 128, 1, 16, 12, 11, false);
                AttributeList list = SyntheticObjects.image(deblur ? COMPUTED_RADIOGRAPHY : SECONDARY_CAPTURE, spec);
                String uid = freshUid();
                SyntheticObjects.put(list, TagFromName.SOPInstanceUID, uid);
                SyntheticObjects.put(list, TagFromName.Modality, deblur ? "CR" : "OT");
                SyntheticObjects.put(list, TagFromName.InstanceNumber, number);
                int[] cells = new int[spec.cellsPerFrame()];
                for (int c = 0; c < cells.length; c++) {
                    cells[c] = random.nextInt(4096);
                }
                SyntheticObjects.withCells(list, 16, cells);
                Path file = SyntheticObjects.write(
                        list, dir.resolve("obj" + number + ".dcm"), TransferSyntax.ExplicitVRLittleEndian);
                objects.put(file, uid);
                if (deblur) {
                    deblurSources.add(uid);
                }
                files.add(file);
            }
            perAssociation.add(files);
        }
        return perAssociation;
    }

    private static String freshUid() {
        UUID uuid = UUID.randomUUID();
        ByteBuffer bytes = ByteBuffer.allocate(16);
        bytes.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        return "2.25." + new BigInteger(1, bytes.array());
    }
}
