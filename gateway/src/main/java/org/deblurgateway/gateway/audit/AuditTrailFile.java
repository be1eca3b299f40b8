package org.deblurgateway.gateway.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The local audit file: append-only, one message per line, each line forced to the disk ({@code fsync} of the data,
 * {@link FileChannel#force(boolean) force(false)}) before {@link #append} returns, so a message that was reported is
 * on disk even if the machine loses power right after. Messages are rare (one per association and study, not per
 * instance), so the sync costs little. Lines are written whole under a lock: concurrent reporters never interleave.
 */
final class AuditTrailFile implements AutoCloseable {

    private final Path file;
    private final FileChannel channel;

    AuditTrailFile(Path file) throws IOException {
        this.file = file;
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        this.channel =
                FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    Path path() {
        return file;
    }

    synchronized void append(AuditMessage message) throws IOException {
        // The XML writer escapes line breaks in attribute values but not in text; a message stays on its line.
        String line = message.xml().replace("\r", "&#13;").replace("\n", "&#10;") + "\n";
        ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
        channel.force(false);
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }
}
