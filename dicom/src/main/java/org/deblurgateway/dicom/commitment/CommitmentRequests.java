package org.deblurgateway.dicom.commitment;

/**
 * Where the listener hands each Storage Commitment request it receives. {@link #accept} must keep the request
 * durably before it returns Success: the N-ACTION-RSP says the gateway took the request on, and the answer may come
 * after a restart.
 */
public interface CommitmentRequests {

    /**
     * Takes a request on; the N-EVENT-REPORT follows later, on {@code association} while it is open or else on a new
     * association to the requester.
     *
     * @return the N-ACTION-RSP status: 0x0000, or a failure such as 0x0110 (the request could not be kept)
     */
    int accept(CommitmentRequest request, String callingAeTitle, ReportChannel association);

    /** The association a request arrived on, for the N-EVENT-REPORT while it is still open. */
    interface ReportChannel {

        /**
         * Sends the report on this association and waits for the requester's N-EVENT-REPORT-RSP.
         *
         * @return true when the requester answered Success; false when the association is gone (or closes, or the
         *     answer does not come in time, or is a failure): then a new association carries the report
         */
        boolean report(CommitmentResult result);
    }
}
