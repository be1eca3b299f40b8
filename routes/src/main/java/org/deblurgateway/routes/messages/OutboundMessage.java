package org.deblurgateway.routes.messages;

import java.util.LinkedHashMap;
import java.util.Map;
import org.deblurgateway.routes.spool.OutboundSpool.OutboundCopy;

/**
 * The message on {@code dicom.outbound} (and, after its last try, {@code dicom.outbound.dlq}): one object for one
 * destination, with the history of its sends. The body is the spool path as text.
 *
 * @param attempts   C-STORE attempts made so far
 * @param lastStatus the destination's last DICOM status as 4 hex digits, "none" without an association; null
 *                   before the first attempt
 * @param lastError  outcome and text of the last failed attempt; null when there was none
 */
public record OutboundMessage(
        String destination,
        String spoolPath,
        int attempts,
        String lastStatus,
        String lastError,
        ObjectDescription object)
        implements QueueMessage {

    /** A destination's copy of {@code object}, not yet tried. */
    public static OutboundMessage firstAttempt(OutboundCopy copy, ObjectDescription object) {
        return new OutboundMessage(copy.destination(), copy.spoolPath(), 0, null, null, object);
    }

    /** The same send tried again from the start (a re-drive): no attempts, no history. */
    public OutboundMessage asFirstAttempt() {
        return new OutboundMessage(destination, spoolPath, 0, null, null, object);
    }

    /** After attempt number {@code attemptsMade}, which the destination answered {@code status}; error null = none. */
    public OutboundMessage attempted(int attemptsMade, String status, String error) {
        return new OutboundMessage(destination, spoolPath, attemptsMade, status, error, object);
    }

    public Map<String, Object> headers() {
        Map<String, Object> headers = new LinkedHashMap<>();
        object.encode(headers);
        HeaderValues.put(headers, ObjectHeaders.DESTINATION, destination);
        HeaderValues.put(headers, ObjectHeaders.SPOOL_PATH, spoolPath);
        headers.put(ObjectHeaders.ATTEMPTS, attempts);
        HeaderValues.put(headers, ObjectHeaders.LAST_STATUS, lastStatus);
        HeaderValues.put(headers, ObjectHeaders.LAST_ERROR, lastError);
        return headers;
    }

    public String body() {
        return spoolPath;
    }

    public static OutboundMessage decode(Map<String, ?> headers) {
        return new OutboundMessage(
                HeaderValues.text(headers, ObjectHeaders.DESTINATION),
                HeaderValues.text(headers, ObjectHeaders.SPOOL_PATH),
                HeaderValues.count(headers, ObjectHeaders.ATTEMPTS),
                HeaderValues.text(headers, ObjectHeaders.LAST_STATUS),
                HeaderValues.text(headers, ObjectHeaders.LAST_ERROR),
                ObjectDescription.decode(headers));
    }
}
