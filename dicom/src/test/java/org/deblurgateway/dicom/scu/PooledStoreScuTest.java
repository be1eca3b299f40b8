package org.deblurgateway.dicom.scu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.pixelmed.dicom.SOPClass;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.deblurgateway.dicom.TransferSyntaxes;
import org.deblurgateway.testsupport.FreePorts;
import org.deblurgateway.testsupport.Storescp;
import org.deblurgateway.testsupport.Waits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sender with associations kept open: counted by dcmtk's storescp (its verbose log names every association it acknowledged; its start-up probe connects once without one) and
 * by {@link ScriptedStoreScp}, which aborts or drops an association on cue.
 */
@Timeout(120)
class PooledStoreScuTest {

    private static final String EXPLICIT_LE = TransferSyntaxes.EXPLICIT_VR_LITTLE_ENDIAN;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Pattern ASSOCIATION_RECEIVED = Pattern.compile("Association Acknowledged");
    private static final Pattern ASSOCIATION_RELEASED = Pattern.compile("Association Release");

    @TempDir
    Path temp;

    @Test
    void store_manyObjectsToStorescp_oneAssociationReleasedAtClose() throws Exception {
        assumeStorescp();
        List<Path> objects = images(20, SOPClass.SecondaryCaptureImageStorage);
        Path received = temp.resolve("received");
        try (Storescp storescp = Storescp.start("STORESCP", FreePorts.next(), received, "-v")) {
            StoreScu scu = pooled(Duration.ofSeconds(30));
            for (Path object : objects) {
                StoreResult result = scu.store(object, destination(storescp.port()));
                assertEquals(StoreResult.Outcome.SUCCESS, result.outcome(), result.detail());
            }
            assertEquals(20, storescp.received().size());
            assertEquals(1, storescp.logCount(ASSOCIATION_RECEIVED), storescp.logText());
            assertEquals(0, storescp.logCount(ASSOCIATION_RELEASED), "released before close: " + storescp.logText());

            scu.close();

            Waits.until(
                    "storescp logging the release",
                    Duration.ofSeconds(10),
                    50,
                    () -> storescp.logCount(ASSOCIATION_RELEASED) == 1,
                    () -> storescp.logText());
        }
    }

    @Test
    void store_zeroIdleTimeout_oneAssociationPerObject() throws Exception {
        assumeStorescp();
        List<Path> objects = images(3, SOPClass.SecondaryCaptureImageStorage);
        try (Storescp storescp = Storescp.start("STORESCP", FreePorts.next(), temp.resolve("received"), "-v");
                StoreScu scu = pooled(Duration.ZERO)) {
            for (Path object : objects) {
                assertEquals(
                        StoreResult.Outcome.SUCCESS,
                        scu.store(object, destination(storescp.port())).outcome());
            }
            Waits.until(
                    "three releases",
                    Duration.ofSeconds(10),
                    50,
                    () -> storescp.logCount(ASSOCIATION_RELEASED) == 3,
                    () -> storescp.logText());
            assertEquals(3, storescp.logCount(ASSOCIATION_RECEIVED));
        }
    }

    @Test
    void store_objectOfAnotherSopClass_newAssociationProposingBothThenReused() throws Exception {
        assumeStorescp();
        Path secondaryCapture = images(1, SOPClass.SecondaryCaptureImageStorage).get(0);
        Path ct = images(1, SOPClass.CTImageStorage).get(0);
        Path secondaryCaptureAgain =
                images(1, SOPClass.SecondaryCaptureImageStorage).get(0);
        Path ctAgain = images(1, SOPClass.CTImageStorage).get(0);
        try (Storescp storescp = Storescp.start("STORESCP", FreePorts.next(), temp.resolve("received"), "-v");
                StoreScu scu = pooled(Duration.ofSeconds(30))) {
            for (Path object : List.of(secondaryCapture, ct, secondaryCaptureAgain, ctAgain)) {
                StoreResult result = scu.store(object, destination(storescp.port()));
                assertEquals(StoreResult.Outcome.SUCCESS, result.outcome(), result.detail());
            }
            // The first association had only Secondary Capture contexts: the CT went on a new one, which proposed
            // both SOP classes and so carried the rest.
            assertEquals(2, storescp.logCount(ASSOCIATION_RECEIVED), storescp.logText());
            assertEquals(1, storescp.logCount(ASSOCIATION_RELEASED), storescp.logText());
            assertEquals(4, storescp.received().size());
        }
    }

    @Test
    void store_peerAbortsMidStream_objectArrivesOnANewAssociation() throws Exception {
        List<Path> objects = images(5, SOPClass.SecondaryCaptureImageStorage);
        try (ScriptedStoreScp scp = new ScriptedStoreScp(4, 0);
                StoreScu scu = pooled(Duration.ofSeconds(30))) {
            for (Path object : objects) {
                StoreResult result = scu.store(object, destination(scp.port()));
                assertEquals(StoreResult.Outcome.SUCCESS, result.outcome(), result.detail());
            }
            assertEquals(2, scp.associations());
            List<ScriptedStoreScp.Received> received = scp.received();
            assertEquals(5, received.size(), received.toString());
            assertEquals(List.of(1, 1, 1, 2, 2), associationsOf(received));
            assertEquals(
                    sopInstanceUids(objects),
                    received.stream()
                            .map(ScriptedStoreScp.Received::sopInstanceUid)
                            .toList());
        }
    }

    @Test
    void store_peerAbortsTheFirstObjectOfANewAssociation_resultIsTheAbort() throws Exception {
        // Only a pooled association's failure is retried at once; a new association's is the attempt's result.
        Path object = images(1, SOPClass.SecondaryCaptureImageStorage).get(0);
        try (ScriptedStoreScp scp = new ScriptedStoreScp(1, 0);
                StoreScu scu = pooled(Duration.ofSeconds(30))) {
            StoreResult result = scu.store(object, destination(scp.port()));
            assertEquals(StoreResult.Outcome.ABORTED, result.outcome(), result.detail());
            assertEquals(1, scp.associations());
        }
    }

    @Test
    void store_peerClosedTheIdleConnection_nextObjectOnANewAssociation() throws Exception {
        List<Path> objects = images(6, SOPClass.SecondaryCaptureImageStorage);
        try (ScriptedStoreScp scp = new ScriptedStoreScp(0, 2);
                StoreScu scu = pooled(Duration.ofSeconds(30))) {
            for (Path object : objects) {
                StoreResult result = scu.store(object, destination(scp.port()));
                assertEquals(StoreResult.Outcome.SUCCESS, result.outcome(), result.detail());
            }
            assertEquals(List.of(1, 1, 2, 2, 3, 3), associationsOf(scp.received()));
        }
    }

    @Test
    void store_idleTimeout_associationReleasedThenANewOneOpened() throws Exception {
        List<Path> objects = images(2, SOPClass.SecondaryCaptureImageStorage);
        try (ScriptedStoreScp scp = new ScriptedStoreScp(0, 0);
                StoreScu scu = pooled(Duration.ofMillis(300))) {
            assertEquals(
                    StoreResult.Outcome.SUCCESS,
                    scu.store(objects.get(0), destination(scp.port())).outcome());
            Waits.until(
                    "the idle association's release",
                    Duration.ofSeconds(5),
                    20,
                    () -> scp.releases() == 1,
                    () -> "releases: " + scp.releases());

            assertEquals(
                    StoreResult.Outcome.SUCCESS,
                    scu.store(objects.get(1), destination(scp.port())).outcome());
            assertEquals(List.of(1, 2), associationsOf(scp.received()));
        }
    }

    @Test
    void store_concurrentSenders_eachOnAnAssociationOfItsOwn() throws Exception {
        int senders = 4;
        int perSender = 15;
        List<List<Path>> batches = new ArrayList<>();
        for (int i = 0; i < senders; i++) {
            batches.add(images(perSender, SOPClass.SecondaryCaptureImageStorage));
        }
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        try (ScriptedStoreScp scp = new ScriptedStoreScp(0, 0);
                StoreScu scu = pooled(Duration.ofSeconds(30))) {
            List<Future<List<StoreResult>>> results = new ArrayList<>();
            for (List<Path> batch : batches) {
                results.add(pool.submit(() -> {
                    List<StoreResult> done = new ArrayList<>();
                    for (Path object : batch) {
                        done.add(scu.store(object, destination(scp.port())));
                    }
                    return done;
                }));
            }
            for (Future<List<StoreResult>> result : results) {
                for (StoreResult one : result.get()) {
                    assertEquals(StoreResult.Outcome.SUCCESS, one.outcome(), one.detail());
                }
            }
            // Two senders on one association would interleave their PDUs and break it: every object arrived whole,
            // and the associations were reused (far fewer than one per object).
            assertEquals(senders * perSender, scp.received().size());
            assertTrue(scp.associations() < senders * perSender / 2, "associations: " + scp.associations());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void store_destinationWithMaxAssociations_sixSendersNeverHoldMoreThanTwo() throws Exception {
        // Each response held back 20 ms, so the six senders overlap: without the limit they open six associations.
        try (ScriptedStoreScp scp = new ScriptedStoreScp(0, 0, Duration.ofMillis(20))) {
            assertEquals(60, sendConcurrently(6, 10, limited(scp.port(), 2)));
            assertEquals(60, scp.received().size());
            assertTrue(scp.mostOpenAtOnce() <= 2, "open at once: " + scp.mostOpenAtOnce());
            assertTrue(scp.associations() <= 2, "associations: " + scp.associations());
        }
        try (ScriptedStoreScp scp = new ScriptedStoreScp(0, 0, Duration.ofMillis(20))) {
            assertEquals(60, sendConcurrently(6, 10, destination(scp.port())));
            assertTrue(scp.mostOpenAtOnce() > 2, "without a limit, open at once: " + scp.mostOpenAtOnce());
        }
    }

    @Test
    void store_everyAllowedAssociationBusyPastTheConnectTimeout_timeoutResultNoNewAssociation() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (ScriptedStoreScp scp = new ScriptedStoreScp(0, 0, Duration.ofSeconds(3));
                StoreScu scu = new StoreScu(
                        "DEBLUR", Duration.ofMillis(500), TIMEOUT, Optional.empty(), Duration.ofSeconds(30))) {
            Destination single = limited(scp.port(), 1);
            List<Path> objects = images(2, SOPClass.SecondaryCaptureImageStorage);
            Future<StoreResult> first = pool.submit(() -> scu.store(objects.get(0), single));
            Waits.until(
                    "the first object at the peer",
                    Duration.ofSeconds(10),
                    20,
                    () -> scp.received().size() == 1,
                    () -> "received: " + scp.received());

            long started = System.nanoTime();
            StoreResult second = scu.store(objects.get(1), single);
            Duration waited = Duration.ofNanos(System.nanoTime() - started);

            assertEquals(StoreResult.Outcome.TIMEOUT, second.outcome(), second.detail());
            assertTrue(second.detail().contains("max-associations"), second.detail());
            assertTrue(waited.compareTo(Duration.ofMillis(450)) >= 0, "waited " + waited);
            assertTrue(waited.compareTo(Duration.ofMillis(2500)) < 0, "waited " + waited);
            assertEquals(1, scp.associations());
            assertEquals(
                    StoreResult.Outcome.SUCCESS,
                    first.get().outcome(),
                    first.get().detail());
        } finally {
            pool.shutdownNow();
        }
    }

    /** {@code senders} threads each storing {@code perSender} new objects to {@code destination}; the successes. */
    private int sendConcurrently(int senders, int perSender, Destination destination) throws Exception {
        List<List<Path>> batches = new ArrayList<>();
        for (int i = 0; i < senders; i++) {
            batches.add(images(perSender, SOPClass.SecondaryCaptureImageStorage));
        }
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        try (StoreScu scu = pooled(Duration.ofSeconds(30))) {
            List<Future<List<StoreResult>>> results = new ArrayList<>();
            for (List<Path> batch : batches) {
                results.add(pool.submit(() -> {
                    List<StoreResult> done = new ArrayList<>();
                    for (Path object : batch) {
                        done.add(scu.store(object, destination));
                    }
                    return done;
                }));
            }
            int stored = 0;
            for (Future<List<StoreResult>> result : results) {
                for (StoreResult one : result.get()) {
                    assertEquals(StoreResult.Outcome.SUCCESS, one.outcome(), one.detail());
                    stored++;
                }
            }
            return stored;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void store_concurrentSendersToStorescpServingOneAssociationAtATime_allDeliveredWithoutTimeouts() throws Exception {
        // storescp without --fork answers the next A-ASSOCIATE-RQ only once the current association is released: a
        // sender waiting on it makes the pool release what it holds instead of keeping it to the idle timeout.
        assumeStorescp();
        int senders = 4;
        int perSender = 10;
        List<List<Path>> batches = new ArrayList<>();
        for (int i = 0; i < senders; i++) {
            batches.add(images(perSender, SOPClass.SecondaryCaptureImageStorage));
        }
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        try (Storescp storescp = Storescp.start("STORESCP", FreePorts.next(), temp.resolve("received"), "-v");
                StoreScu scu = pooled(Duration.ofSeconds(30))) {
            long started = System.nanoTime();
            List<Future<List<StoreResult>>> results = new ArrayList<>();
            for (List<Path> batch : batches) {
                results.add(pool.submit(() -> {
                    List<StoreResult> done = new ArrayList<>();
                    for (Path object : batch) {
                        done.add(scu.store(object, destination(storescp.port())));
                    }
                    return done;
                }));
            }
            for (Future<List<StoreResult>> result : results) {
                for (StoreResult one : result.get()) {
                    assertEquals(StoreResult.Outcome.SUCCESS, one.outcome(), one.detail());
                }
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertEquals(senders * perSender, storescp.received().size());
            // Far below the 10 s connect timeout that a sender kept waiting to the idle timeout would run into.
            assertTrue(took.compareTo(Duration.ofSeconds(8)) < 0, "took " + took);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void assumeStorescp() {
        assumeTrue(
                Storescp.installed(),
                "dcmtk storescp not installed at " + Storescp.BINARY + " (tools/bootstrap installs dcmtk); skipping");
    }

    private static StoreScu pooled(Duration idleTimeout) {
        return new StoreScu("DEBLUR", TIMEOUT, TIMEOUT, Optional.empty(), idleTimeout);
    }

    private static Destination destination(int port) {
        return new Destination("peer", "STORESCP", "127.0.0.1", port, Optional.empty());
    }

    /** The peer with {@code max-associations: limit}, as the rules file would give it. */
    private static Destination limited(int port, int limit) {
        return new Destination("peer", "STORESCP", "127.0.0.1", port, Optional.empty(), false, Optional.empty(), limit);
    }

    private List<Path> images(int count, String sopClass) throws Exception {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Path folder = Files.createTempDirectory(temp, "object");
            files.add(StoreScuTest.writeImage(folder.resolve("in.dcm"), sopClass, EXPLICIT_LE));
        }
        return files;
    }

    private static List<String> sopInstanceUids(List<Path> files) throws Exception {
        List<String> uids = new ArrayList<>();
        for (Path file : files) {
            uids.add(StoredObject.read(file).sopInstanceUid());
        }
        return uids;
    }

    private static List<Integer> associationsOf(List<ScriptedStoreScp.Received> received) {
        return received.stream().map(ScriptedStoreScp.Received::association).toList();
    }
}
