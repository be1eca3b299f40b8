package org.deblurgateway.dicom.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.deblurgateway.dicom.DataSetLimit;

/**
 * The three targets run one after another on one seed corpus: the data set reader, the pixel decoder and the
 * listener. Used by the bounded slice in the test suite and by {@code bench/fuzz.sh} for the full run.
 *
 * @param readerCases   cases for {@link DataSetReaderTarget}
 * @param pixelCases    cases for {@link PixelDecoderTarget}
 * @param listenerCases cases for {@link ListenerTarget}
 * @param maxSeedBytes  larger corpus files are left out
 * @param externalEvery one compressed pixel case in this many reaches gdcmconv / dcmtk
 */
record FuzzCampaign(
        long masterSeed, int readerCases, int pixelCases, int listenerCases, int maxSeedBytes, int externalEvery) {

    /** Everything a run found, for the assertions and the results files. */
    record Result(
            FuzzCampaign plan,
            Seeds.Corpus corpus,
            List<FuzzRunner.TargetReport> targets,
            Instant started,
            long millis,
            long peakHeapBytes,
            long maxHeapBytes,
            long pixelToolCases) {

        long failures() {
            return targets.stream()
                    .mapToLong(FuzzRunner.TargetReport::failureCount)
                    .sum();
        }

        int cases() {
            return targets.stream().mapToInt(FuzzRunner.TargetReport::cases).sum();
        }
    }

    /**
     * @param sharedData the shared data folder, or null
     * @param work       scratch folder (case files, the listener's spool, failing inputs under failures/)
     */
    Result run(Path sharedData, Path work) throws IOException, InterruptedException {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        Files.createDirectories(work);
        Seeds.Corpus corpus = Seeds.load(sharedData, maxSeedBytes, work.resolve("generated-seeds"));
        List<FuzzRunner.TargetReport> reports = new ArrayList<>();
        long toolCases;
        try (LogWatch watch = LogWatch.install()) {
            Path failures = work.resolve("failures");
            FuzzRunner inProcess =
                    new FuzzRunner(masterSeed, corpus.seeds(), Duration.ofSeconds(30), 500, failures, watch);
            try (DataSetReaderTarget reader =
                    new DataSetReaderTarget(work.resolve("reader"), new DataSetLimit(64L * 1024 * 1024))) {
                reports.add(inProcess.run(reader, readerCases));
            }
            try (PixelDecoderTarget pixels = new PixelDecoderTarget(work.resolve("pixels"), externalEvery)) {
                reports.add(inProcess.run(pixels, pixelCases));
                toolCases = pixels.toolCases();
            }
            // The listener's own read timeout is 3 s: every case must be answered or closed well within 10 s.
            FuzzRunner overTcp =
                    new FuzzRunner(masterSeed, corpus.seeds(), Duration.ofSeconds(20), 100, failures, watch);
            try (ListenerTarget listener = new ListenerTarget(work.resolve("listener-data"), 10_000)) {
                reports.add(overTcp.run(listener, listenerCases));
            }
        } catch (Exception e) {
            if (e instanceof IOException io) {
                throw io;
            }
            if (e instanceof InterruptedException ie) {
                throw ie;
            }
            throw new IOException("fuzz target failed to start or stop: " + e, e);
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;
        return new Result(
                this,
                corpus,
                List.copyOf(reports),
                started,
                millis,
                FuzzRunner.peakHeapBytes(),
                Runtime.getRuntime().maxMemory(),
                toolCases);
    }
}
