package org.deblurgateway.dicom.scp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import org.deblurgateway.dicom.DicomUids;
import org.deblurgateway.dicom.FileMetaInformation;
import org.deblurgateway.dicom.files.DurableFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable landing place for received objects: {@code <data-dir>/spool/tmp/<random>.part} while an object
 * arrives, then (after fsync) an atomic rename to {@code <data-dir>/spool/incoming/<SOPInstanceUID>.dcm} and an
 * fsync of the directory. A second copy of the same instance replaces the first; until its announcement is
 * committed the first copy is kept aside, so a failed announcement never leaves an earlier message pointing at a
 * missing or different file.
 */
public final class Spool {

    private static final Logger LOG = LoggerFactory.getLogger(Spool.class);
    private static final int STRIPES = 64;

    private final Path dataDir;
    private final Path tmp;
    private final Path incoming;
    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

    public Spool(Path dataDir) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.tmp = this.dataDir.resolve("spool").resolve("tmp");
        this.incoming = this.dataDir.resolve("spool").resolve("incoming");
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /** Creates the folders and removes leftovers of objects that were arriving when the process stopped. */
    public void prepare() throws IOException {
        Files.createDirectories(tmp);
        Files.createDirectories(incoming);
        int removed = 0;
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(tmp, "*.{part,prev}")) {
            for (Path p : leftovers) {
                Files.deleteIfExists(p);
                removed++;
            }
        }
        if (removed > 0) {
            LOG.info("Spool: removed {} incomplete file(s) left in {}", removed, tmp);
        }
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path incoming() {
        return incoming;
    }

    public Path tmp() {
        return tmp;
    }

    /** Starts a new part file and writes the preamble and file meta header (group 0002) into it. */
    PartFile create(String sopClassUid, String sopInstanceUid, String transferSyntaxUid, String sourceAeTitle)
            throws IOException {
        Path path = tmp.resolve(UUID.randomUUID() + ".part");
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        PartFile part = new PartFile(path, channel);
        try {
            byte[] meta = fileMetaInformation(sopClassUid, sopInstanceUid, transferSyntaxUid, sourceAeTitle);
            part.write(meta, 0, meta.length);
        } catch (IOException | RuntimeException e) {
            part.discard();
            throw e;
        }
        return part;
    }

    /**
     * Moves a complete, fsynced part file into place under the instance UID and fsyncs the folder; the caller
     * then announces it and calls {@link Placement#keep()} or {@link Placement#undo()}.
     *
     * @throws IllegalArgumentException when the UID is not a valid UID (it would otherwise name a file)
     */
    Placement place(PartFile part, String sopInstanceUid) throws IOException {
        if (!DicomUids.isValid(sopInstanceUid)) {
            throw new IllegalArgumentException("invalid SOP Instance UID");
        }
        Path target = incoming.resolve(sopInstanceUid + ".dcm");
        if (!target.getParent().equals(incoming)) {
            throw new IllegalArgumentException("SOP Instance UID escapes the spool");
        }
        ReentrantLock lock = locks[Math.floorMod(sopInstanceUid.hashCode(), STRIPES)];
        lock.lock();
        try {
            Path previous = null;
            if (Files.exists(target)) {
                previous = tmp.resolve(UUID.randomUUID() + ".prev");
                try {
                    Files.createLink(previous, target);
                } catch (NoSuchFileException e) {
                    previous = null; // the earlier copy went away meanwhile (consumed): nothing to keep aside
                } catch (UnsupportedOperationException e) {
                    Files.copy(target, previous, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            DurableFiles.rename(part.path(), target);
            return new Placement(target, previous, lock);
        } catch (IOException | RuntimeException e) {
            lock.unlock();
            throw e;
        }
    }

    /** Path of a placed object relative to the data directory, '/'-separated, as announced on the queue. */
    String relativeName(Path placed) {
        return dataDir.relativize(placed).toString().replace('\\', '/');
    }

    private static byte[] fileMetaInformation(String sopClass, String sopInstance, String ts, String sourceAe) {
        return FileMetaInformation.bytes(sopClass, sopInstance, ts, sourceAe);
    }

    /** A part file being written; single-threaded. */
    static final class PartFile {
        private final Path path;
        private final FileChannel channel;
        private long size;
        private boolean open = true;

        private PartFile(Path path, FileChannel channel) {
            this.path = path;
            this.channel = channel;
        }

        Path path() {
            return path;
        }

        long size() {
            return size;
        }

        void write(byte[] b, int off, int len) throws IOException {
            ByteBuffer buf = ByteBuffer.wrap(b, off, len);
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
            size += len;
        }

        /** Forces the content to disk; may run on another thread once writing has finished. */
        void force() throws IOException {
            channel.force(true);
        }

        /** Closes and deletes the file; never throws. */
        void discard() {
            close();
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                LOG.warn("Spool: could not remove {}: {}", path, e.toString());
            }
        }

        /** Closes the file (keeping it); never throws. */
        synchronized void close() {
            if (open) {
                open = false;
                try {
                    channel.close();
                } catch (IOException e) {
                    LOG.debug("Spool: closing {} failed: {}", path, e.toString());
                }
            }
        }
    }

    /** An object in place under its UID, awaiting the outcome of its announcement; holds the UID's lock. */
    final class Placement {
        private final Path target;
        private final Path previous;
        private final ReentrantLock lock;

        private Placement(Path target, Path previous, ReentrantLock lock) {
            this.target = target;
            this.previous = previous;
            this.lock = lock;
        }

        Path target() {
            return target;
        }

        /** The announcement was committed: drop the earlier copy. */
        void keep() {
            try {
                if (previous != null) {
                    Files.deleteIfExists(previous);
                }
            } catch (IOException e) {
                LOG.warn("Spool: could not remove {}: {}", previous, e.toString());
            } finally {
                lock.unlock();
            }
        }

        /** The announcement failed: put the earlier copy back, or remove the new file if there was none. */
        void undo() {
            try {
                if (previous != null) {
                    Files.move(previous, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } else {
                    Files.deleteIfExists(target);
                }
                DurableFiles.syncFolder(incoming);
            } catch (IOException e) {
                LOG.error("Spool: could not undo placing {}: {}", target, e.toString());
            } finally {
                lock.unlock();
            }
        }
    }
}
