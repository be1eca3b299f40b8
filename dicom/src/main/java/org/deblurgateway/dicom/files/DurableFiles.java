package org.deblurgateway.dicom.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the gateway puts files in place so a kill -9 or a power cut leaves the old or the new state, never a half: a
 * temp name, data synced, an atomic rename, the folder synced. One home for the receive spool, the derived instance
 * writer, the outbound spool and the deblur job store.
 */
public final class DurableFiles {

    private static final Logger LOG = LoggerFactory.getLogger(DurableFiles.class);

    private DurableFiles() {}

    /**
     * Makes {@code target} another name of {@code source}: a hard link (a synced copy where links are not possible),
     * made under a temp name and renamed atomically into place. Nothing happens when it already is.
     */
    public static void placeLink(Path source, Path target) throws IOException {
        if (Files.exists(target) && Files.isSameFile(target, source)) {
            return;
        }
        Path temp = target.resolveSibling("." + target.getFileName() + ".part");
        Files.deleteIfExists(temp);
        try {
            Files.createLink(temp, source);
        } catch (UnsupportedOperationException | FileSystemException e) {
            LOG.debug("hard link to {} not possible ({}), copying", target.getParent(), e.toString());
            Files.deleteIfExists(temp);
            Files.copy(source, temp);
            force(temp);
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncFolder(target.getParent());
    }

    /** Renames a written, not yet synced {@code temp} onto {@code target} durably. */
    public static void moveIntoPlace(Path temp, Path target) throws IOException {
        force(temp);
        rename(temp, target);
    }

    /** Renames {@code temp}, whose data its writer has already synced, onto {@code target} durably. */
    public static void rename(Path temp, Path target) throws IOException {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncFolder(target.getParent());
    }

    /** fsync of a file's data. */
    public static void force(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    /**
     * Makes a rename or link in {@code folder} durable (fsync on the directory). A failure is an error: whoever
     * confirms the file to someone else (a C-STORE response, a committed message) must not.
     */
    public static void syncFolder(Path folder) throws IOException {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
