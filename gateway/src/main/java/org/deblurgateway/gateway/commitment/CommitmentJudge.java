package org.deblurgateway.gateway.commitment;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.deblurgateway.dicom.commitment.StorageCommitment;
import org.deblurgateway.gateway.commitment.StorageCommitmentConfig.CommittedWhen;

/**
 * Decides whether one instance is committed, from the ledger's record: durable here (received), and, unless only
 * receipt counts, delivered to every destination of its rule. A destination counts as served by the original; for a
 * deblur rule with {@code forward-original: false}, which sends no original, by its derived instance (or the
 * original, when the rule passed it through).
 */
final class CommitmentJudge {

    private final CommittedWhen committedWhen;

    CommitmentJudge(CommittedWhen committedWhen) {
        this.committedWhen = committedWhen;
    }

    Verdict judge(String sopClassUid, Optional<InstanceRecord> known) {
        if (known.isEmpty() || !known.get().received) {
            return Verdict.failed(StorageCommitment.NO_SUCH_OBJECT_INSTANCE, "not received here (or ledger expired)");
        }
        InstanceRecord r = known.get();
        if (!r.sopClassUid.isEmpty() && !r.sopClassUid.equals(sopClassUid)) {
            return Verdict.failed(StorageCommitment.CLASS_INSTANCE_CONFLICT, "received as SOP class " + r.sopClassUid);
        }
        if (committedWhen == CommittedWhen.RECEIVED) {
            return Verdict.COMMITTED;
        }
        if (r.rule == null) {
            return Verdict.pending("not routed yet");
        }
        if ("drop".equals(r.action)) {
            return Verdict.failed(StorageCommitment.PROCESSING_FAILURE, "dropped by rule " + r.rule);
        }
        List<String> waiting = new ArrayList<>();
        for (String destination : r.destinations) {
            boolean served = r.deliveredOriginal.contains(destination)
                    || (!r.sendsOriginal && r.deliveredDerived.contains(destination));
            if (served) {
                continue;
            }
            String dead = r.deadLettered.get(destination);
            if (dead != null) {
                return Verdict.failed(
                        StorageCommitment.PROCESSING_FAILURE, "forward to " + destination + " failed: " + dead);
            }
            waiting.add(destination);
        }
        return waiting.isEmpty() ? Verdict.COMMITTED : Verdict.pending("not yet delivered to " + waiting);
    }
}
