package org.deblurgateway.dicom.scp;

import java.time.Instant;
import java.util.Optional;
import org.deblurgateway.dicom.DataSetSummary;

/**
 * An object the listener has made durable in the spool, as announced to the ingest queue.
 *
 * @param spoolPath  the spooled file relative to the data directory, with '/' separators
 * @param receivedAt when the object was made durable (just before its announcement)
 * @param seal       the file's length and checksum at the announcement (empty: placed by other means)
 */
public record ReceivedObject(
        String spoolPath,
        String callingAeTitle,
        String calledAeTitle,
        DataSetSummary summary,
        Instant receivedAt,
        Optional<ReceiptSeal> seal) {

    /** An object without a seal. */
    public ReceivedObject(
            String spoolPath, String callingAeTitle, String calledAeTitle, DataSetSummary summary, Instant receivedAt) {
        this(spoolPath, callingAeTitle, calledAeTitle, summary, receivedAt, Optional.empty());
    }
}
