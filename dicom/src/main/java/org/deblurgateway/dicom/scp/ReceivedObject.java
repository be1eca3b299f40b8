package org.deblurgateway.dicom.scp;

import java.time.Instant;
import org.deblurgateway.dicom.DataSetSummary;

/**
 * An object the listener has made durable in the spool, as announced to the ingest queue.
 *
 * @param spoolPath  the spooled file relative to the data directory, with '/' separators
 * @param receivedAt when the object was made durable (just before its announcement)
 */
public record ReceivedObject(
        String spoolPath, String callingAeTitle, String calledAeTitle, DataSetSummary summary, Instant receivedAt) {}
