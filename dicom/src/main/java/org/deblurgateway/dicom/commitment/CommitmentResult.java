package org.deblurgateway.dicom.commitment;

import java.util.List;

/** The answer to one commitment request: what the N-EVENT-REPORT-RQ's data set says. */
public record CommitmentResult(String transactionUid, List<SopReference> committed, List<FailedSop> failed) {

    public CommitmentResult {
        committed = List.copyOf(committed);
        failed = List.copyOf(failed);
    }

    /** Event Type 1 when every instance is committed, 2 when the report lists failures. */
    public int eventTypeId() {
        return failed.isEmpty() ? StorageCommitment.EVENT_ALL_COMMITTED : StorageCommitment.EVENT_FAILURES;
    }
}
