package org.deblurgateway.gateway.commitment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.deblurgateway.dicom.commitment.StorageCommitment;
import org.deblurgateway.gateway.commitment.StorageCommitmentConfig.CommittedWhen;
import org.deblurgateway.routes.events.PipelineEvent;
import org.deblurgateway.routes.events.PipelineEvent.ObjectRef;
import org.deblurgateway.routes.events.PipelineEvent.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ledger is rewritten while the gateway runs: under continuous traffic its file and its records stay bounded by
 * what the instances within the retention need, and a rewrite keeps every verdict (derived instances included).
 */
class InstanceLedgerCompactionTest {

    private static final String CT = "1.2.840.10008.5.1.4.1.1.2";
    private static final CommitmentJudge FORWARDED = new CommitmentJudge(CommittedWhen.FORWARDED);
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;

    /** A clock the test moves: one simulated second per instance. */
    private static final class SimulatedClock extends Clock {
        private Instant now = START;

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    @Test
    void continuousTraffic_fileAndRecordsStayBounded_recentVerdictsKept() throws Exception {
        SimulatedClock clock = new SimulatedClock();
        Duration retention = Duration.ofMinutes(10); // 600 instances at one a second
        InstanceLedger ledger = new InstanceLedger(dir, true, retention, clock, 1000);
        ledger.open();
        int instances = 60_000;
        long mostLines = 0;
        long started = System.nanoTime();
        for (int i = 0; i < instances; i++) {
            clock.now = START.plusSeconds(i);
            deliver(ledger, clock.now, "2.25." + (1_000_000 + i), "pacs");
            if (i % 500 == 0) {
                mostLines = Math.max(mostLines, lines());
            }
        }
        long millis = (System.nanoTime() - started) / 1_000_000;

        // Within the retention: 600 instances of 3 lines; the log holds at most twice that plus the rewrite's minimum.
        long bound = 2L * 3 * 600 + 1000 + 10;
        assertTrue(mostLines <= bound, "log of " + mostLines + " lines, bound " + bound + " (" + millis + " ms)");
        assertTrue(ledger.size() <= 2 * 600 + 1000, "records in memory: " + ledger.size());
        String last = "2.25." + (1_000_000 + instances - 1);
        assertEquals(Verdict.State.COMMITTED, ledger.judge(CT, last, FORWARDED).state());
        assertEquals(
                StorageCommitment.NO_SUCH_OBJECT_INSTANCE,
                ledger.judge(CT, "2.25.1000000", FORWARDED).failureReason(),
                "an instance past the retention is gone");

        InstanceLedger reopened = new InstanceLedger(dir, true, retention, clock, 1000);
        reopened.open();
        assertEquals(
                Verdict.State.COMMITTED, reopened.judge(CT, last, FORWARDED).state(), "the rewrite replays");
    }

    @Test
    void sameInstancesAgainAndAgain_logStaysBoundedWithoutExpiry() throws Exception {
        SimulatedClock clock = new SimulatedClock();
        InstanceLedger ledger = new InstanceLedger(dir, true, Duration.ofDays(2), clock, 1000);
        ledger.open();
        long mostLines = 0;
        for (int round = 0; round < 200; round++) {
            for (int i = 0; i < 50; i++) {
                deliver(ledger, clock.now, "2.25." + (2_000_000 + i), "pacs");
            }
            mostLines = Math.max(mostLines, lines());
        }
        assertEquals(50, ledger.size());
        assertTrue(mostLines <= 2L * 3 * 50 + 1000 + 10, "log of " + mostLines + " lines");
    }

    @Test
    void rewriteBetweenEvents_keepsPendingStateAndDerivedInstances() throws Exception {
        SimulatedClock clock = new SimulatedClock();
        InstanceLedger ledger = new InstanceLedger(dir, true, Duration.ofDays(2), clock, 10);
        ledger.open();
        ObjectRef source = new ObjectRef("2.25.1", "2.25.2", "2.25.3");
        ledger.accept(new PipelineEvent.Received(
                clock.now, source, "MOD", "DEBLUR", CT, "1.2.840.10008.1.2.1", "CT", 10, "", "", "", "", ""));
        ledger.accept(new PipelineEvent.RuleMatched(
                clock.now, source, "r", "deblur", "", null, List.of("pacs", "archive"), false));
        ledger.accept(new PipelineEvent.DerivedInstanceWritten(clock.now, source, "2.25.8", "2.25.9", "m"));
        ledger.accept(forward(clock.now, "2.25.9", "pacs"));
        // Traffic of other instances: several rewrites happen between this instance's events.
        for (int i = 0; i < 100; i++) {
            deliver(ledger, clock.now, "2.25." + (3_000_000 + i), "pacs");
        }
        assertEquals(
                Verdict.State.PENDING, ledger.judge(CT, "2.25.3", FORWARDED).state());

        InstanceLedger reopened = new InstanceLedger(dir, true, Duration.ofDays(2), clock, 10);
        reopened.open();
        assertEquals(
                Verdict.State.PENDING, reopened.judge(CT, "2.25.3", FORWARDED).state());
        reopened.accept(forward(clock.now, "2.25.9", "archive")); // appended right after the start's rewrite
        assertEquals(
                Verdict.State.COMMITTED, reopened.judge(CT, "2.25.3", FORWARDED).state());

        InstanceLedger again = new InstanceLedger(dir, true, Duration.ofDays(2), clock, 10);
        again.open();
        assertEquals(
                Verdict.State.COMMITTED, again.judge(CT, "2.25.3", FORWARDED).state(), "after two restarts");
        for (String line : Files.readAllLines(dir.resolve("ledger.log"))) {
            String[] f = line.split("\t", -1);
            int expected = switch (f[0]) {
                case "R", "W", "G" -> 4;
                case "M" -> 7;
                case "F" -> 6;
                default -> -1;
            };
            assertEquals(expected, f.length, "one whole event per line: " + line);
        }
    }

    private static void deliver(InstanceLedger ledger, Instant at, String sop, String destination) {
        ObjectRef object = new ObjectRef("2.25.1", "2.25.2", sop);
        ledger.accept(new PipelineEvent.Received(
                at, object, "MOD", "DEBLUR", CT, "1.2.840.10008.1.2.1", "CT", 10, "", "", "", "", ""));
        ledger.accept(new PipelineEvent.RuleMatched(at, object, "r", "pass", "", null, List.of(destination), true));
        ledger.accept(forward(at, sop, destination));
    }

    private static PipelineEvent forward(Instant at, String sent, String destination) {
        return new PipelineEvent.ForwardAttempted(
                at, new ObjectRef("", "", sent), sent, destination, 1, Outcome.DELIVERED, "0000", "", 5);
    }

    private long lines() throws IOException {
        try (Stream<String> stream = Files.lines(dir.resolve("ledger.log"))) {
            return stream.count();
        }
    }
}
