package org.deblurgateway.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.deblurgateway.dicom.derived.DerivedUids;
import org.deblurgateway.gateway.it.support.DeblurLog;
import org.deblurgateway.gateway.it.support.DerivedChecks;
import org.deblurgateway.gateway.it.support.DicomDigests;
import org.deblurgateway.gateway.it.support.DicomDigests.Digest;
import org.deblurgateway.gateway.it.support.GatewayProcess;
import org.deblurgateway.gateway.it.support.ItDirs;
import org.deblurgateway.gateway.it.support.OrthancPeer;
import org.deblurgateway.gateway.it.support.RulesFile;
import org.deblurgateway.gateway.it.support.SendableCorpus;
import org.deblurgateway.gateway.it.support.SharedData;
import org.deblurgateway.gateway.it.support.StandaloneBroker;
import org.deblurgateway.gateway.it.support.WorkerProcess;
import org.deblurgateway.testsupport.InstanceCopies;
import org.deblurgateway.testsupport.Storescu;
import org.deblurgateway.testsupport.SyntheticSources;
import org.deblurgateway.testsupport.Waits;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * The {@code deblur} routing action end to end (issue #5): modality (storescu) -> gateway -> frame workers (in the
 * gateway, or separate worker processes on a standalone broker) -> derived instance -> PACS (Orthanc), with the
 * original forwarded unchanged beside it. Derived instances are checked with pydicom and dciodvfy
 * (it/check_derived.py): valid relative to the source, decodable with the source's geometry, derivation, provenance
 * and the private quality block. Objects the network must not touch arrive untouched and alone, with their reason
 * in the log. Crashes (kill -9 of a worker, of the gateway) lose no derived instance and never store one twice.
 *
 * <p>Wall time, measured on the 2 shared cores of the development machine: about 16 minutes for the class, of which
 * the corpus test takes 10 (351 objects, ~80 megapixels through rdsam-lite on the CPU, then the checks).
 */
class DeblurPipelineIT {

    private static final Logger LOG = Logger.getLogger(DeblurPipelineIT.class);
    private static final String MODEL = "rdsam-lite";
    private static final String CALLING = "MODALITY";
    /** ~80 megapixels through rdsam-lite on 2 shared cores: measured minutes, bounded with a wide margin. */
    private static final Duration CORPUS_TIMEOUT = Duration.ofMinutes(20);

    private static final Duration SERIES_TIMEOUT = Duration.ofMinutes(6);
    private static final Set<String> NATIVE_SYNTAXES =
            Set.of("1.2.840.10008.1.2", "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.2", "1.2.840.10008.1.2.1.99");

    @Test
    void corpus_catchAllDeblurRule_imagesGetValidDerivedInstancesAndTheRestPassUnchanged() throws IOException {
        SendableCorpus.Selection selection = SendableCorpus.select();
        Map<String, String[]> inventory = inventoryColumns();
        Path work = ItDirs.newWork("deblur-corpus");
        // What was sent -> the corpus file it is, or copies with a fresh SOP Instance UID (same bytes otherwise).
        Map<Path, Path> corpusFile = new HashMap<>();
        List<Digest> objects = new ArrayList<>(selection.objects());
        objects.forEach(d -> corpusFile.put(d.path(), d.path()));
        List<Path> sharing = selection.sharingUid().stream().map(Digest::path).toList();
        List<Path> copies = new ArrayList<>(InstanceCopies.withFreshUids(sharing, work.resolve("fresh-uids"))
                .keySet());
        for (int i = 0; i < copies.size(); i++) {
            corpusFile.put(copies.get(i), sharing.get(i));
        }
        objects.addAll(DicomDigests.of(copies).values());
        Function<Path, String> name = path ->
                relative(corpusFile.get(path)) + (path.equals(corpusFile.get(path)) ? "" : " (copy, fresh UID)");
        Map<String, Digest> bySop = objects.stream()
                .collect(Collectors.toMap(Digest::sopInstanceUid, d -> d, (a, b) -> a, LinkedHashMap::new));
        Set<String> derivedUids = bySop.keySet().stream()
                .map(uid -> DerivedUids.instanceUid(uid, MODEL))
                .collect(Collectors.toSet());
        LOG.infof(
                "corpus: %d files, %d sent (%d of them copies with a fresh UID of a file sharing its UID), left "
                        + "out %s",
                selection.corpusFiles(), objects.size(), copies.size(), selection.leftOut());

        try (OrthancPeer pacs = OrthancPeer.start("deblur-corpus", Files.createDirectories(work.resolve("orthanc")));
                GatewayProcess gateway = new GatewayProcess(
                                "deblur-corpus",
                                work.resolve("gateway-data"),
                                RulesFile.deblurAllTo(work, pacs.dicomPort(), MODEL),
                                Map.of("GATEWAY_DEBLUR_WORKERS", "1"))
                        .start()) {
            long start = System.nanoTime();
            Storescu.StoreResult sent =
                    Storescu.storeAsIs("deblur-corpus", gateway.dicomPort(), CALLING, GatewayProcess.AE_TITLE, objects);
            Map<String, String> refused = new TreeMap<>();
            sent.notAcknowledged().forEach((path, status) -> refused.put(name.apply(path), status));
            assertEquals(
                    Map.of(),
                    refused,
                    "the gateway must acknowledge every object with Success; storescu logs in it-logs");
            long sentAt = System.nanoTime();

            Waits.until(
                    "every object through the deblur action (DGW-DB-002 or DGW-DB-010)",
                    Duration.ofMinutes(5),
                    1000,
                    () -> {
                        DeblurLog log = DeblurLog.of(gateway.logText());
                        return log.queuedJobs().size() + log.passedThrough().size() >= objects.size();
                    },
                    gateway::logTail);
            DeblurLog decided = DeblurLog.of(gateway.logText());
            Set<String> jobs = decided.queuedJobs();
            assertEquals(
                    objects.size(),
                    jobs.size() + decided.passedThrough().size(),
                    "each object is decided once: a job or a pass-through line");
            Set<String> strangers = new TreeSet<>(jobs);
            strangers.removeAll(derivedUids);
            assertEquals(Set.of(), strangers, "every job id is the derived UID of a sent object");

            Waits.until(
                    "all " + objects.size() + " originals and " + jobs.size() + " derived instances at the PACS",
                    CORPUS_TIMEOUT,
                    2000,
                    () -> pacs.instanceCount() >= objects.size() + jobs.size(),
                    progress(pacs, gateway));
            long doneAt = System.nanoTime();

            Map<String, Digest> arrived = pacs.downloadAll(work.resolve("from-pacs"));

            // Originals: all of them, untouched.
            List<String> mismatches = new ArrayList<>();
            bySop.forEach((uid, source) -> {
                Digest copy = arrived.get(uid);
                if (copy == null) {
                    mismatches.add(name.apply(source.path()) + ": original missing at the PACS");
                } else if (!source.transferSyntaxUid().equals(copy.transferSyntaxUid())
                        || !source.pixelSha256().equals(copy.pixelSha256())) {
                    mismatches.add(name.apply(source.path()) + ": original changed (transfer syntax or Pixel Data)");
                }
            });
            assertEquals(List.of(), mismatches, "originals must arrive untouched");

            // Derived instances: exactly one per job, nothing else.
            Set<String> derivedAtPacs = new TreeSet<>(arrived.keySet());
            derivedAtPacs.removeAll(bySop.keySet());
            assertEquals(
                    new TreeSet<>(jobs),
                    derivedAtPacs,
                    "the PACS holds the originals plus one derived " + "instance per job, nothing else");

            // Passed through: no derived instance, and the log names them (per SOP class) with a reason.
            Map<String, Integer> passedPerClass = new TreeMap<>();
            List<DerivedChecks.Pair> pairs = new ArrayList<>();
            List<String> ruleBreaks = new ArrayList<>();
            for (Digest source : objects) {
                String derivedUid = DerivedUids.instanceUid(source.sopInstanceUid(), MODEL);
                boolean derived = derivedAtPacs.contains(derivedUid);
                String expectation = expectation(inventory.get(relative(corpusFile.get(source.path()))), source);
                if (derived) {
                    pairs.add(new DerivedChecks.Pair(
                            source.path(), arrived.get(derivedUid).path(), MODEL, false));
                } else {
                    passedPerClass.merge(source.sopClassUid(), 1, Integer::sum);
                }
                if ("derive".equals(expectation) && !derived) {
                    ruleBreaks.add(name.apply(source.path()) + ": native grey image without a derived instance");
                } else if (expectation.startsWith("pass") && derived) {
                    ruleBreaks.add(name.apply(source.path()) + ": " + expectation + ", yet a derived instance arrived");
                }
            }
            assertEquals(
                    passedPerClass,
                    decided.passedPerSopClass(),
                    "objects without a derived instance, per SOP class, must match the DGW-DB-010 lines");
            assertEquals(List.of(), ruleBreaks, "what must be deblurred and what must pass through");

            List<DerivedChecks.Verdict> verdicts = DerivedChecks.check("deblur-corpus", pairs);
            long checkedAt = System.nanoTime();
            List<String> problems = verdicts.stream()
                    .filter(v -> !v.ok())
                    .map(v -> name.apply(v.pair().source()) + ": " + String.join("; ", v.problems()))
                    .toList();
            assertEquals(Map.of(), pacs.duplicateDeliveries(), "without failures nothing is sent to the PACS twice");

            LOG.infof(
                    "corpus: %d objects sent, %d derived instances, %d passed through %s; sending %.1f s, until the "
                            + "last derived instance %.1f s, checks %.1f s; pair problems: %d",
                    objects.size(),
                    derivedAtPacs.size(),
                    decided.passedThrough().size(),
                    decided.passedPerReason(),
                    seconds(sentAt - start),
                    seconds(doneAt - start),
                    seconds(checkedAt - doneAt),
                    problems.size());
            assertEquals(List.of(), problems, "derived instances must pass every check");
            assertTrue(derivedAtPacs.size() >= 100, "only " + derivedAtPacs.size() + " derived instances");
        } finally {
            ItDirs.deleteTree(work);
        }
    }

    @Test
    void sameStudyTwice_derivedUidsStable_pacsHoldsOneCopyOfEach() throws IOException {
        Path work = ItDirs.newWork("deblur-twice");
        Map<Path, String> objects =
                InstanceCopies.copies(SharedData.dicomFile("dcm_qa_ts/In/1.dcm"), work.resolve("objects"), 3);
        Set<String> derivedUids = objects.values().stream()
                .map(uid -> DerivedUids.instanceUid(uid, MODEL))
                .collect(Collectors.toCollection(TreeSet::new));
        try (OrthancPeer pacs = OrthancPeer.start("deblur-twice", Files.createDirectories(work.resolve("orthanc")));
                GatewayProcess gateway = new GatewayProcess(
                                "deblur-twice",
                                work.resolve("gateway-data"),
                                RulesFile.deblurAllTo(work, pacs.dicomPort(), MODEL),
                                Map.of())
                        .start()) {
            send("deblur-twice", gateway, objects.keySet());
            Waits.until(
                    "3 originals and 3 derived instances",
                    SERIES_TIMEOUT,
                    500,
                    () -> derivedUids.stream()
                                    .allMatch(uid -> pacs.findInstance(uid).isPresent())
                            && pacs.instanceCount() >= 6,
                    progress(pacs, gateway));
            String sourceSeries = pacs.elementValue(
                    pacs.findInstance(objects.values().iterator().next()).orElseThrow(), "0020-000e");
            String derivedSeries = DerivedUids.seriesUid(sourceSeries, MODEL);
            assertEquals(
                    derivedUids,
                    new TreeSet<>(pacs.seriesSopInstanceUids(derivedSeries)),
                    "first round: the derived series holds the three derived instances");

            send("deblur-twice", gateway, objects.keySet());
            Waits.until(
                    "every derived instance delivered a second time",
                    SERIES_TIMEOUT,
                    500,
                    () -> derivedUids.stream().allMatch(uid -> pacs.deliveries().getOrDefault(uid, 0) >= 2),
                    progress(pacs, gateway));
            Waits.sleep(2_000); // a third copy, or a new UID, would come within the forwarding delays
            String log = gateway.logText();
            derivedUids.forEach(uid -> assertEquals(
                    2, DeblurLog.assembledCount(log, uid), "job " + uid + " must be assembled once per round"));
            assertEquals(
                    derivedUids,
                    new TreeSet<>(pacs.seriesSopInstanceUids(derivedSeries)),
                    "second round: the same three derived SOP Instance UIDs, one copy each");
            assertEquals(6, pacs.instanceCount(), "the PACS holds 3 originals and 3 derived instances");
            Map<String, Integer> deliveries = pacs.deliveries();
            assertEquals(
                    derivedUids.size() + objects.size(),
                    deliveries.size(),
                    "only the originals' and the derived UIDs reached the PACS: " + deliveries);
        } finally {
            ItDirs.deleteTree(work);
        }
    }

    @Test
    void twoWorkerProcesses_onStandaloneBroker_shareTheFramesAndKeepTheirOrder() throws IOException {
        Path work = ItDirs.newWork("deblur-two-workers");
        Path source = work.resolve("multiframe.dcm");
        String job = DerivedUids.instanceUid(SyntheticSources.writeDistinctFrames(source, 24, 256, 256, 1), MODEL);
        try (StandaloneBroker broker = new StandaloneBroker("deblur-two-workers", work.resolve("artemis")).start();
                OrthancPeer pacs =
                        OrthancPeer.start("deblur-two-workers", Files.createDirectories(work.resolve("orthanc")));
                GatewayProcess gateway = new GatewayProcess(
                                "deblur-two-workers",
                                work.resolve("gateway-data"),
                                RulesFile.deblurAllTo(work, pacs.dicomPort(), MODEL),
                                withoutOwnWorkers(broker))
                        .start();
                WorkerProcess a = worker("deblur-two-workers", "worker-a", work, broker, 1)
                        .start();
                WorkerProcess b = worker("deblur-two-workers", "worker-b", work, broker, 1)
                        .start()) {
            send("deblur-two-workers", gateway, List.of(source));
            Waits.until(
                    "the derived instance of 24 frames",
                    SERIES_TIMEOUT,
                    500,
                    () -> pacs.findInstance(job).isPresent(),
                    progress(pacs, gateway, a, b));

            Map<String, Integer> perWorker =
                    DeblurLog.of(gateway.logText()).assembledJobs().get(job);
            LOG.infof(
                    "frames per worker: %s (DGW-DB-030); worker-a logged %d, worker-b %d",
                    perWorker, a.deblurredFrames().size(), b.deblurredFrames().size());
            assertEquals(Set.of("worker-a", "worker-b"), perWorker.keySet(), "both workers deblurred frames");
            assertEquals(
                    24, perWorker.values().stream().mapToInt(Integer::intValue).sum());
            assertFalse(a.deblurredFrames().isEmpty(), "worker-a logged no DGW-DB-020 line");
            assertFalse(b.deblurredFrames().isEmpty(), "worker-b logged no DGW-DB-020 line");
            assertTrue(
                    DeblurLog.of(gateway.logText()).framesDeblurredHere().isEmpty(),
                    "with GATEWAY_DEBLUR_WORKERS=0 the gateway deblurs no frame itself");
            assertDerivedComplete(pacs, work, Map.of(source, job));
        } finally {
            ItDirs.deleteTree(work);
        }
    }

    @Test
    void workerKill9_midSeries_everyDerivedInstanceArrivesOnceAndComplete() throws IOException {
        Path work = ItDirs.newWork("deblur-worker-kill");
        Map<Path, String> sources = multiFrameSeries(work, 3, 10);
        int frames = 3 * 16;
        try (StandaloneBroker broker = new StandaloneBroker("deblur-worker-kill", work.resolve("artemis")).start();
                OrthancPeer pacs =
                        OrthancPeer.start("deblur-worker-kill", Files.createDirectories(work.resolve("orthanc")));
                GatewayProcess gateway = new GatewayProcess(
                                "deblur-worker-kill",
                                work.resolve("gateway-data"),
                                RulesFile.deblurAllTo(work, pacs.dicomPort(), MODEL),
                                withoutOwnWorkers(broker))
                        .start();
                WorkerProcess victim =
                        worker("deblur-worker-kill", "victim", work, broker, 1).start();
                WorkerProcess survivor = worker("deblur-worker-kill", "survivor", work, broker, 1)
                        .start()) {
            send("deblur-worker-kill", gateway, sources.keySet());
            // A worker logs DGW-DB-020 before it commits the frame's result; its second line means the first
            // result is committed, so the kill also proves that results of a dead worker are used.
            Waits.until(
                    "the victim's second deblurred frame",
                    SERIES_TIMEOUT,
                    50,
                    () -> victim.deblurredFrames().size() >= 2,
                    progress(pacs, gateway, victim, survivor));
            victim.kill9();
            int byVictim = victim.deblurredFrames().size();
            int doneAtKill = byVictim + survivor.deblurredFrames().size();
            LOG.infof(
                    "killed the victim worker after it deblurred %d frame(s); %d of %d frames done",
                    byVictim, doneAtKill, frames);
            assumeTrue(doneAtKill < frames, "all frames were done before the kill landed; nothing was tested");

            Waits.until(
                    "the 3 derived instances",
                    SERIES_TIMEOUT,
                    500,
                    () -> sources.values().stream()
                            .allMatch(uid -> pacs.findInstance(uid).isPresent()),
                    progress(pacs, gateway, victim, survivor));
            Waits.sleep(3_000); // a duplicate delivery would come within the forwarding delays
            Map<String, Integer> deliveries = pacs.deliveries();
            sources.values()
                    .forEach(uid -> assertEquals(
                            1, deliveries.get(uid), "derived instance " + uid + " must reach the PACS exactly once"));
            Map<String, Map<String, Integer>> assembled =
                    DeblurLog.of(gateway.logText()).assembledJobs();
            LOG.infof("frames per worker per job: %s", assembled);
            assertTrue(
                    assembled.values().stream().anyMatch(perWorker -> perWorker.containsKey("victim")),
                    "the victim's committed frame belongs to a derived instance: " + assembled);
            assertEquals(6, pacs.instanceCount(), "3 originals and 3 derived instances");
            assertDerivedComplete(pacs, work, sources);
        } finally {
            ItDirs.deleteTree(work);
        }
    }

    @Test
    void gatewayKill9_midSeries_everyDerivedInstanceArrivesAfterRestart() throws IOException {
        Path work = ItDirs.newWork("deblur-gateway-kill");
        Map<Path, String> sources = multiFrameSeries(work, 2, 20);
        int frames = 2 * 16;
        try (OrthancPeer pacs =
                        OrthancPeer.start("deblur-gateway-kill", Files.createDirectories(work.resolve("orthanc")));
                GatewayProcess gateway = new GatewayProcess(
                                "deblur-gateway-kill",
                                work.resolve("gateway-data"),
                                RulesFile.deblurAllTo(work, pacs.dicomPort(), MODEL),
                                Map.of("GATEWAY_DEBLUR_WORKERS", "1"))
                        .start()) {
            send("deblur-gateway-kill", gateway, sources.keySet());
            Waits.until(
                    "3 frames deblurred before the kill",
                    SERIES_TIMEOUT,
                    50,
                    () -> DeblurLog.of(gateway.logText()).framesDeblurredHere().size() >= 3,
                    progress(pacs, gateway));
            gateway.kill9();
            int doneAtKill =
                    DeblurLog.of(gateway.logText()).framesDeblurredHere().size();
            LOG.infof("killed the gateway after %d of %d frames", doneAtKill, frames);
            assumeTrue(doneAtKill < frames, "all frames were done before the kill landed; nothing was tested");

            gateway.restart();
            Waits.until(
                    "both derived instances after the restart",
                    SERIES_TIMEOUT,
                    500,
                    () -> sources.values().stream()
                            .allMatch(uid -> pacs.findInstance(uid).isPresent()),
                    progress(pacs, gateway));
            Waits.sleep(3_000);
            assertEquals(4, pacs.instanceCount(), "2 originals and 2 derived instances, one copy each");
            LOG.infof("after the gateway restart: deliveries per UID %s", pacs.deliveries());
            assertDerivedComplete(pacs, work, sources);
        } finally {
            ItDirs.deleteTree(work);
        }
    }

    /** Every derived instance (source file -> derived UID) is at the PACS, valid, with all frames in order. */
    private static void assertDerivedComplete(OrthancPeer pacs, Path work, Map<Path, String> derivedBySource) {
        Path downloads;
        try {
            downloads = Files.createDirectories(work.resolve("from-pacs"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<DerivedChecks.Pair> pairs = new ArrayList<>();
        derivedBySource.forEach((source, uid) -> {
            String id = pacs.findInstance(uid).orElseThrow(() -> new AssertionError("derived " + uid + " missing"));
            pairs.add(
                    new DerivedChecks.Pair(source, pacs.downloadFile(id, downloads.resolve(id + ".dcm")), MODEL, true));
        });
        for (DerivedChecks.Verdict verdict :
                DerivedChecks.check(work.getFileName().toString(), pairs)) {
            LOG.infof("%s: %s", verdict.pair().source().getFileName(), verdict.summary());
            assertEquals(
                    List.of(),
                    verdict.problems(),
                    "derived instance of " + verdict.pair().source());
        }
    }

    /** {@code count} generated 16-frame 384x384 objects (seeds from {@code firstSeed}), each with its derived UID. */
    private static Map<Path, String> multiFrameSeries(Path work, int count, int firstSeed) throws IOException {
        Map<Path, String> sources = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            Path file = work.resolve("multiframe-" + i + ".dcm");
            String uid = SyntheticSources.writeDistinctFrames(file, 16, 384, 384, firstSeed + i);
            sources.put(file, DerivedUids.instanceUid(uid, MODEL));
        }
        return sources;
    }

    private static void send(String name, GatewayProcess gateway, Collection<Path> files) {
        List<Digest> digests =
                new ArrayList<>(DicomDigests.of(new ArrayList<>(files)).values());
        Storescu.StoreResult sent =
                Storescu.storeAsIs(name, gateway.dicomPort(), CALLING, GatewayProcess.AE_TITLE, digests);
        assertEquals(Map.of(), sent.notAcknowledged(), "the gateway must acknowledge every object");
    }

    private static Map<String, String> withoutOwnWorkers(StandaloneBroker broker) {
        return Map.of(
                "GATEWAY_DEBLUR_WORKERS",
                "0",
                "GATEWAY_BROKER_URL",
                brokerUrl(broker),
                "GATEWAY_BROKER_CREDENTIALS_FILE",
                broker.credentialsFile().toString());
    }

    /** The plain URL: fair sharing of frames must not depend on a URL parameter (FrameQueueJms sets it). */
    private static String brokerUrl(StandaloneBroker broker) {
        return broker.url();
    }

    private static WorkerProcess worker(String test, String name, Path work, StandaloneBroker broker, int threads) {
        return new WorkerProcess(
                test + "-" + name,
                name,
                work.resolve(name + "-data"),
                brokerUrl(broker),
                work.resolve("rules.yaml"),
                Map.of(
                        "GATEWAY_DEBLUR_WORKERS",
                        Integer.toString(threads),
                        "GATEWAY_BROKER_CREDENTIALS_FILE",
                        broker.credentialsFile().toString()));
    }

    /** For a wait's failure message: what arrived, what the logs say so far. */
    private static Supplier<String> progress(OrthancPeer pacs, GatewayProcess gateway, WorkerProcess... workers) {
        return () -> {
            StringBuilder text = new StringBuilder();
            DeblurLog log = DeblurLog.of(gateway.logText());
            text.append("PACS holds ")
                    .append(pacs.instanceCount())
                    .append("; gateway: ")
                    .append(log.queuedJobs().size())
                    .append(" jobs queued, ")
                    .append(log.assembledJobs().size())
                    .append(" assembled, ")
                    .append(log.framesDeblurredHere().size())
                    .append(" frames deblurred by its own workers");
            for (WorkerProcess worker : workers) {
                text.append("; ")
                        .append(worker.workerName())
                        .append(": ")
                        .append(worker.deblurredFrames().size())
                        .append(" frames")
                        .append(worker.isAlive() ? "" : " (not running)");
            }
            text.append("\ngateway log tail:\n").append(gateway.logTail());
            for (WorkerProcess worker : workers) {
                text.append("\n")
                        .append(worker.workerName())
                        .append(" log tail:\n")
                        .append(worker.logTail());
            }
            return text.toString();
        };
    }

    /**
     * What the corpus inventory says must happen to an object: "derive" for native (uncompressed) MONOCHROME1/2
     * images of 8 or 16 bits in an image SOP class (the network's core case), "pass: ..." for what the network must
     * never touch (no pixels, palette colour, 1-bit, 32/64-bit samples, non-image SOP classes), "either" otherwise
     * (compressed images, colour: the decoder's coverage is reported, not prescribed).
     */
    private static String expectation(String[] row, Digest digest) {
        if (row == null) {
            return "either";
        }
        String sopClass = row[2];
        String photometric = row[4];
        String bitsAllocated = row[5];
        boolean imageClass = sopClass.contains("Image Storage") && !sopClass.startsWith("RT ");
        if (!imageClass) {
            return "pass: non-image SOP class " + sopClass;
        }
        if (photometric.isBlank()) {
            return "pass: no pixel data";
        }
        if (photometric.startsWith("PALETTE")) {
            return "pass: palette colour";
        }
        if (bitsAllocated.equals("1") || bitsAllocated.equals("32") || bitsAllocated.equals("64")) {
            return "pass: " + bitsAllocated + " bits allocated";
        }
        if (photometric.startsWith("MONOCHROME")
                && (bitsAllocated.equals("8") || bitsAllocated.equals("16"))
                && NATIVE_SYNTAXES.contains(digest.transferSyntaxUid())) {
            return "derive";
        }
        return "either";
    }

    /** INVENTORY.tsv rows by path: path bytes sop_class modality photometric bits_alloc ... */
    private static Map<String, String[]> inventoryColumns() {
        Path tsv = SharedData.dicom().resolve("INVENTORY.tsv");
        try {
            return Files.readAllLines(tsv).stream()
                    .skip(1)
                    .filter(line -> !line.isBlank())
                    .map(line -> line.split("\t", -1))
                    .collect(Collectors.toMap(f -> f[0], f -> f, (x, y) -> x));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + tsv, e);
        }
    }

    private static String relative(Path path) {
        return SharedData.dicom().relativize(path).toString();
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
