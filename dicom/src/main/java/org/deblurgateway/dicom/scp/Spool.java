package org.deblurgateway.dicom.scp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32C;
import org.deblurgateway.dicom.DicomUids;
import org.deblurgateway.dicom.FileMetaInformation;
import org.deblurgateway.dicom.files.DurableFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable landing place for received objects: {@code <data-dir>/spool/tmp/<random>.part} while an object
 * arrives, then an atomic rename to {@code <data-dir>/spool/incoming/<SOPInstanceUID>.r<receipt>.dcm}; the file's
 * fsync and the folder's run while the listener commits the object's announcement, and its C-STORE is answered once
 * all three are done. Every receipt has its own name (16 random hex digits after {@code .r}; a UID has only
 * digits and dots), so a corrected re-send of an instance never replaces, and is never deleted with, the copy an
 * earlier message names: the routes delete exactly the file their message names.
 */
public final class Spool {

    private static final Logger LOG = LoggerFactory.getLogger(Spool.class);
    private static final String RECEIPT_MARK = ".r";

    private final Path dataDir;
    private final Path tmp;
    private final Path incoming;

    public Spool(Path dataDir) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.tmp = this.dataDir.resolve("spool").resolve("tmp");
        this.incoming = this.dataDir.resolve("spool").resolve("incoming");
    }

    /** Creates the folders and removes leftovers of objects that were arriving when the process stopped. */
    public void prepare() throws IOException {
        Files.createDirectories(tmp);
        Files.createDirectories(incoming);
        int removed = 0;
        // .prev: copies set aside by earlier versions, which replaced a re-sent instance's file in place.
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
     * Moves a complete part file (its fsync may still be running) into place under its own receipt name. The rename is visible at once (a
     * kill -9 keeps it) but not yet durable across a power cut: the caller runs {@link Placement#sync()} alongside
     * announcing the object, and {@link Placement#undo()} when either fails. A message
     * committed for a placement whose folder sync a power cut lost names a file that is not there; its sender never
     * got Success, and the routes take a missing file for one already handled.
     *
     * @throws IllegalArgumentException when the UID is not a valid UID (it would otherwise name a file)
     */
    Placement place(PartFile part, String sopInstanceUid) throws IOException {
        if (!DicomUids.isValid(sopInstanceUid)) {
            throw new IllegalArgumentException("invalid SOP Instance UID");
        }
        Path target = incoming.resolve(sopInstanceUid + RECEIPT_MARK + receipt() + ".dcm");
        if (!target.getParent().equals(incoming)) {
            throw new IllegalArgumentException("SOP Instance UID escapes the spool");
        }
        Files.move(part.path(), target, StandardCopyOption.ATOMIC_MOVE);
        return new Placement(target);
    }

    /**
     * The SOP Instance UID a spooled file's name starts with: {@code <UID>.r<receipt>.dcm}, or a plain
     * {@code <UID>.dcm} (objects placed by other means, e.g. tests and earlier versions).
     */
    public static String sopInstanceUidOf(String fileName) {
        String stem = fileName.endsWith(".dcm") ? fileName.substring(0, fileName.length() - ".dcm".length()) : fileName;
        int mark = stem.lastIndexOf(RECEIPT_MARK);
        return mark > 0 ? stem.substring(0, mark) : stem;
    }

    private static String receipt() {
        return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
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
        private final CRC32C crc = new CRC32C();
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
            crc.update(b, off, len);
            size += len;
        }

        /** What the file holds now, to be named in its announcement. */
        ReceiptSeal seal() {
            return new ReceiptSeal(size, crc.getValue(), BootId.current());
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

    /** An object in place under its receipt name, awaiting the outcome of its folder sync and announcement. */
    final class Placement {
        private final Path target;

        private Placement(Path target) {
            this.target = target;
        }

        Path target() {
            return target;
        }

        /** Makes the rename durable (fsync of the incoming folder); may run on another thread. */
        void sync() throws IOException {
            DurableFiles.syncFolder(incoming);
        }

        /**
         * The announcement or the folder sync failed: the object is removed. A message that was committed all the
         * same then names a missing file, which the routes take for one already handled.
         */
        void undo() {
            try {
                Files.deleteIfExists(target);
                DurableFiles.syncFolder(incoming);
            } catch (IOException e) {
                LOG.error("Spool: could not undo placing {}: {}", target, e.toString());
            }
        }
    }
}
