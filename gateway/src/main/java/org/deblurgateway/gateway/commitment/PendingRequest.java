package org.deblurgateway.gateway.commitment;

import java.time.Instant;
import org.deblurgateway.dicom.commitment.CommitmentRequest;

/** A commitment request taken on and not yet answered: who asked, when, and what. */
record PendingRequest(String callingAeTitle, Instant receivedAt, CommitmentRequest request) {

    String transactionUid() {
        return request.transactionUid();
    }
}
