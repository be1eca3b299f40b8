package org.deblurgateway.gateway;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import org.deblurgateway.routes.spool.DataDir;

/**
 * Free space where the embedded broker keeps its journal ({@code <data-dir>/broker/journal}). An external broker's
 * journal is on its own machine: this process cannot see it and says so (empty), rather than reporting the spool's
 * disk under the journal's name.
 */
@ApplicationScoped
public class JournalSpace {

    private final Optional<Path> journalDir;

    public JournalSpace(BrokerAccess access, DataDir dataDir) {
        this.journalDir =
                access.hostsEmbeddedBroker() ? Optional.of(dataDir.broker().resolve("journal")) : Optional.empty();
    }

    /** The journal's folder when this process runs the embedded broker. */
    public Optional<Path> journalDir() {
        return journalDir;
    }

    /** Bytes this process may still write beside the journal; empty for an external broker. */
    public OptionalLong usableBytes() throws IOException {
        if (journalDir.isEmpty()) {
            return OptionalLong.empty();
        }
        Path dir = journalDir.get().toAbsolutePath();
        while (dir != null && !Files.exists(dir)) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IOException("no existing folder above " + journalDir.get().toAbsolutePath());
        }
        return OptionalLong.of(Files.getFileStore(dir).getUsableSpace());
    }
}
