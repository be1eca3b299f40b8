package org.deblurgateway.dicom.commitment;

import java.util.List;

/** The data set of an N-ACTION-RQ Request Storage Commitment: its Transaction UID and the instances asked about. */
public record CommitmentRequest(String transactionUid, List<SopReference> references) {

    public CommitmentRequest {
        references = List.copyOf(references);
    }
}
