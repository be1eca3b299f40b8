package org.deblurgateway.dicom.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner finds what it is there to find: planted bugs in a reader (trusting a declared length, spinning on
 * odd-length input) come out as crashes and hangs within a few hundred cases, and a case is the same every time it
 * is drawn.
 */
class FuzzRunnerPlantedBugTest {

    @TempDir
    Path work;

    /** A reader with the classic bug: it copies the first element's value by its declared 32-bit length. */
    private static final class TrustingReader implements FuzzTarget {
        @Override
        public String name() {
            return "planted-trusting-reader";
        }

        @Override
        public FuzzInput input(Seeds.Seed seed, Seeds.Seed partner, SplittableRandom random) {
            return FuzzInput.mutatedDataSet(seed, partner, random);
        }

        @Override
        public CaseResult run(FuzzInput input) {
            byte[] b = input.bytes();
            if (b.length < 12) {
                return CaseResult.refused("too short");
            }
            boolean longVr = b[4] == 'O' || b[4] == 'S' && b[5] == 'Q' || b[4] == 'U' && b[5] == 'N';
            int length = longVr
                    ? (b[8] & 0xFF) | (b[9] & 0xFF) << 8 | (b[10] & 0xFF) << 16 | (b[11] & 0xFF) << 24
                    : (b[6] & 0xFF) | (b[7] & 0xFF) << 8;
            int start = longVr ? 12 : 8;
            ByteBuffer value = ByteBuffer.wrap(b, start, length); // planted: no check against the input
            return CaseResult.accepted("value of " + value.remaining());
        }
    }

    /** A reader that spins on odd-length input until interrupted. */
    private static final class SpinningReader implements FuzzTarget {
        @Override
        public String name() {
            return "planted-spinning-reader";
        }

        @Override
        public FuzzInput input(Seeds.Seed seed, Seeds.Seed partner, SplittableRandom random) {
            return FuzzInput.mutatedDataSet(seed, partner, random);
        }

        @Override
        public CaseResult run(FuzzInput input) {
            while (input.bytes().length % 2 == 1) {
                if (Thread.currentThread().isInterrupted()) {
                    return CaseResult.refused("interrupted");
                }
                Thread.onSpinWait();
            }
            return CaseResult.accepted("even");
        }
    }

    @Test
    void run_readerTrustingDeclaredLength_reportedAsCrash() throws Exception {
        Seeds.Corpus corpus = Seeds.load(null, 1 << 20, work.resolve("seeds"));
        FuzzRunner runner = new FuzzRunner(1L, corpus.seeds(), Duration.ofSeconds(5), 100, null, null);
        FuzzRunner.TargetReport report = runner.run(new TrustingReader(), 300);
        assertTrue(report.failureCount() > 0, "planted length bug not found: " + report.outcomes());
        FuzzRunner.Failure first = report.failures().get(0);
        assertEquals(CaseResult.Verdict.CRASH, first.verdict());
        assertTrue(first.outcome().contains("Exception"), first.outcome());
    }

    @Test
    void run_readerSpinningOnOddLength_reportedAsHang() throws Exception {
        Seeds.Corpus corpus = Seeds.load(null, 1 << 20, work.resolve("seeds"));
        FuzzRunner runner = new FuzzRunner(1L, corpus.seeds(), Duration.ofMillis(200), 100, null, null);
        FuzzRunner.TargetReport report = runner.run(new SpinningReader(), 40);
        assertTrue(
                report.verdicts().getOrDefault(CaseResult.Verdict.HANG, 0L) > 0,
                "planted hang not found: " + report.outcomes());
        assertTrue(report.verdicts().getOrDefault(CaseResult.Verdict.ACCEPTED, 0L) > 0, "no even case ran after");
    }

    @Test
    void caseRandom_sameSeedTargetAndIndex_sameMutation() throws Exception {
        Seeds.Corpus corpus = Seeds.load(null, 1 << 20, work.resolve("seeds"));
        Seeds.Seed seed = corpus.seeds().get(0);
        byte[] a = Mutator.mutate(seed.file(), seed.file(), 0, FuzzRunner.caseRandom(5, "t", 42))
                .bytes();
        byte[] b = Mutator.mutate(seed.file(), seed.file(), 0, FuzzRunner.caseRandom(5, "t", 42))
                .bytes();
        assertArrayEquals(a, b);
    }
}
