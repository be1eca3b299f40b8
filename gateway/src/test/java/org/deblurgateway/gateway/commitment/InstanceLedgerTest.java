package org.deblurgateway.gateway.commitment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.deblurgateway.dicom.commitment.StorageCommitment;
import org.deblurgateway.gateway.commitment.StorageCommitmentConfig.CommittedWhen;
import org.deblurgateway.routes.events.PipelineEvent;
import org.deblurgateway.routes.events.PipelineEvent.ObjectRef;
import org.deblurgateway.routes.events.PipelineEvent.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstanceLedgerTest {

    private static final String CT = "1.2.840.10008.5.1.4.1.1.2";
    private static final ObjectRef OBJECT = new ObjectRef("2.25.1", "2.25.2", "2.25.3");
    private static final CommitmentJudge FORWARDED = new CommitmentJudge(CommittedWhen.FORWARDED);

    @TempDir
    Path dir;

    @Test
    void committed_onlyOnceEveryDestinationHasIt_andStillAfterReopen() throws Exception {
        InstanceLedger ledger = open();
        ledger.accept(received());
        ledger.accept(matched(List.of("pacs", "archive"), true));
        ledger.accept(forward(OBJECT.sopInstanceUid(), "pacs", Outcome.DELIVERED));
        assertEquals(Verdict.State.PENDING, state(ledger));

        ledger.accept(forward(OBJECT.sopInstanceUid(), "archive", Outcome.RETRY));
        assertEquals(Verdict.State.PENDING, state(ledger));
        ledger.accept(forward(OBJECT.sopInstanceUid(), "archive", Outcome.DELIVERED));
        assertEquals(Verdict.State.COMMITTED, state(ledger));

        assertEquals(Verdict.State.COMMITTED, state(open()), "the log replays after a restart");
    }

    @Test
    void eventsBeforeStart_areKeptInTheLog() {
        InstanceLedger early = new InstanceLedger(dir, true, Duration.ofDays(1)); // not opened: Camel ran first
        early.accept(received());
        early.accept(matched(List.of("pacs"), true));
        early.accept(forward(OBJECT.sopInstanceUid(), "pacs", Outcome.DELIVERED));

        assertEquals(Verdict.State.COMMITTED, state(open()));
    }

    @Test
    void derivedDelivery_countsOnlyWhenTheRuleSendsNoOriginal() {
        InstanceLedger keepsOriginal = open();
        keepsOriginal.accept(received());
        keepsOriginal.accept(matched(List.of("pacs"), true));
        keepsOriginal.accept(derived());
        keepsOriginal.accept(forward("2.25.9", "pacs", Outcome.DELIVERED));
        assertEquals(Verdict.State.PENDING, state(keepsOriginal));
    }

    @Test
    void derivedDelivery_commitsWhenForwardOriginalIsOff() throws Exception {
        Files.createDirectories(dir.resolve("b"));
        InstanceLedger ledger = new InstanceLedger(dir.resolve("b"), true, Duration.ofDays(1));
        ledger.open();
        ledger.accept(received());
        ledger.accept(matched(List.of("pacs"), false));
        ledger.accept(derived());
        ledger.accept(forward("2.25.9", "pacs", Outcome.DELIVERED));
        assertEquals(Verdict.State.COMMITTED, state(ledger));
    }

    @Test
    void deadLetter_failsWithProcessingFailure_unknownIsNoSuchInstance() {
        InstanceLedger ledger = open();
        ledger.accept(received());
        ledger.accept(matched(List.of("pacs"), true));
        ledger.accept(forward(OBJECT.sopInstanceUid(), "pacs", Outcome.DEAD_LETTERED));

        Verdict dead = ledger.judge(CT, OBJECT.sopInstanceUid(), FORWARDED);
        assertEquals(Verdict.State.FAILED, dead.state());
        assertEquals(StorageCommitment.PROCESSING_FAILURE, dead.failureReason());
        assertEquals(
                StorageCommitment.NO_SUCH_OBJECT_INSTANCE,
                ledger.judge(CT, "2.25.404", FORWARDED).failureReason());
        assertEquals(
                StorageCommitment.CLASS_INSTANCE_CONFLICT,
                ledger.judge("1.2.3", OBJECT.sopInstanceUid(), FORWARDED).failureReason());
    }

    @Test
    void receivedMode_commitsOnReceipt() {
        InstanceLedger ledger = open();
        ledger.accept(received());
        assertEquals(
                Verdict.State.COMMITTED,
                ledger.judge(CT, OBJECT.sopInstanceUid(), new CommitmentJudge(CommittedWhen.RECEIVED))
                        .state());
        assertEquals(Verdict.State.PENDING, state(ledger));
    }

    private InstanceLedger open() {
        InstanceLedger ledger = new InstanceLedger(dir, true, Duration.ofDays(1));
        ledger.open();
        return ledger;
    }

    private static Verdict.State state(InstanceLedger ledger) {
        return ledger.judge(CT, OBJECT.sopInstanceUid(), FORWARDED).state();
    }

    private static PipelineEvent received() {
        return new PipelineEvent.Received(
                Instant.now(), OBJECT, "MOD", "DEBLUR", CT, "1.2.840.10008.1.2.1", "CT", 10, "", "", "", "", "");
    }

    private static PipelineEvent matched(List<String> destinations, boolean sendsOriginal) {
        return new PipelineEvent.RuleMatched(
                Instant.now(), OBJECT, "r", sendsOriginal ? "pass" : "deblur", "", null, destinations, sendsOriginal);
    }

    private static PipelineEvent derived() {
        return new PipelineEvent.DerivedInstanceWritten(Instant.now(), OBJECT, "2.25.8", "2.25.9", "m");
    }

    private static PipelineEvent forward(String sent, String destination, Outcome outcome) {
        return new PipelineEvent.ForwardAttempted(
                Instant.now(),
                new ObjectRef("", "", sent),
                sent,
                destination,
                1,
                outcome,
                "0000",
                outcome == Outcome.DELIVERED ? "" : "refused",
                5);
    }
}
