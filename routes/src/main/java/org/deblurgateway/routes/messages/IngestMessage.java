package org.deblurgateway.routes.messages;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.deblurgateway.dicom.scp.ReceiptSeal;
import org.deblurgateway.dicom.scp.ReceivedObject;
import org.deblurgateway.routes.spool.PlacementToken;

/**
 * The message on {@code dicom.ingest}: a spooled object and what is known about it. The body is the spool path as
 * text (also a property, which the routes read).
 *
 * @param spoolPath the object's file relative to the data dir
 * @param seal      what the file held at the announcement (empty: a message not from the listener)
 */
public record IngestMessage(String spoolPath, ObjectDescription object, Optional<ReceiptSeal> seal)
        implements QueueMessage {

    /** A message without a seal. */
    public IngestMessage(String spoolPath, ObjectDescription object) {
        this(spoolPath, object, Optional.empty());
    }

    /** The announcement of an object the listener has made durable. */
    public static IngestMessage of(ReceivedObject received) {
        return new IngestMessage(
                received.spoolPath(),
                ObjectDescription.received(
                        received.callingAeTitle(),
                        received.calledAeTitle(),
                        received.summary(),
                        received.receivedAt().toEpochMilli()),
                received.seal());
    }

    /** The same message once the rules step chose a rule. */
    public IngestMessage matched(String rule, String action) {
        return new IngestMessage(spoolPath, object.matched(rule, action), seal);
    }

    /**
     * The token of the outbound copies this message places. From what the message says about its receipt (path,
     * time of receipt, UID), which every redelivery and a re-drive from the dead-letter queue keep, while a re-send
     * of the same instance is another receipt; a message without a time of receipt (not the listener's) falls back
     * to its JMS message id, which a redelivery keeps.
     */
    public PlacementToken placement(String jmsMessageId) {
        if (object.receivedAt() == null && jmsMessageId != null && !jmsMessageId.isBlank()) {
            return PlacementToken.of("message:" + jmsMessageId);
        }
        return PlacementToken.of("ingest:" + spoolPath + "@" + object.receivedAt() + "/" + object.sopInstanceUid());
    }

    public Map<String, Object> headers() {
        Map<String, Object> headers = new LinkedHashMap<>();
        HeaderValues.put(headers, ObjectHeaders.SPOOL_PATH, spoolPath);
        seal.ifPresent(s -> {
            headers.put(ObjectHeaders.SPOOL_LENGTH, s.length());
            headers.put(ObjectHeaders.SPOOL_CRC32C, s.crc32c());
            HeaderValues.put(headers, ObjectHeaders.SPOOL_BOOT_ID, s.bootId());
        });
        object.encode(headers);
        return headers;
    }

    public String body() {
        return spoolPath;
    }

    public static IngestMessage decode(Map<String, ?> headers) {
        return new IngestMessage(
                HeaderValues.text(headers, ObjectHeaders.SPOOL_PATH),
                ObjectDescription.decode(headers),
                sealOf(headers));
    }

    private static Optional<ReceiptSeal> sealOf(Map<String, ?> headers) {
        Long length = HeaderValues.optionalLong(headers, ObjectHeaders.SPOOL_LENGTH);
        Long crc = HeaderValues.optionalLong(headers, ObjectHeaders.SPOOL_CRC32C);
        String boot = HeaderValues.text(headers, ObjectHeaders.SPOOL_BOOT_ID);
        return length == null || crc == null || boot == null
                ? Optional.empty()
                : Optional.of(new ReceiptSeal(length, crc, boot));
    }
}
