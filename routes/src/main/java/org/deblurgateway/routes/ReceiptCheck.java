package org.deblurgateway.routes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.apache.camel.Exchange;
import org.deblurgateway.dicom.scp.ReceiptSeal;
import org.deblurgateway.routes.messages.IngestMessage;
import org.deblurgateway.routes.spool.OutboundSpool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before an ingest message is routed: a file written before this machine last started must still hold what its
 * seal says. The listener commits the announcement while the file's fsync runs (Success waits for both), so a power
 * cut in between leaves a committed message whose file lost its last writes; that sender never got Success and
 * sends again. Such a file is removed and its message consumed. Files of this boot (the page cache survives a
 * process crash) and messages without a seal pass unread.
 */
public final class ReceiptCheck {

    private static final Logger LOG = LoggerFactory.getLogger(ReceiptCheck.class);

    private final OutboundSpool spool;

    public ReceiptCheck(OutboundSpool spool) {
        this.spool = spool;
    }

    /**
     * False when the message names a file that a power cut left incomplete (then the file is gone).
     *
     * @throws UncheckedIOException when the file cannot be read or removed (the message goes back to the broker)
     */
    public boolean intact(Exchange exchange) {
        try {
            return check(exchange);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean check(Exchange exchange) throws IOException {
        IngestMessage ingest = IngestMessage.decode(exchange.getMessage().getHeaders());
        if (ingest.seal().isEmpty() || !ingest.seal().get().fromEarlierBoot()) {
            return true;
        }
        ReceiptSeal seal = ingest.seal().get();
        Path file = spool.resolve(ingest.spoolPath());
        try {
            if (seal.matches(file)) {
                return true;
            }
        } catch (NoSuchFileException e) {
            return true; // handled before a restart, or its rename never reached the disk: the actions say so
        }
        LOG.warn(
                "DGW-RT-013 ingest message {} names a file that lost writes in a power cut before its C-STORE was"
                        + " answered (length or CRC-32C differs from its seal); removed, its sender never got Success",
                exchange.getMessage().getMessageId());
        Files.deleteIfExists(file);
        return false;
    }
}
