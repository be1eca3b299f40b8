package org.deblurgateway.gateway.commitment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.deblurgateway.dicom.DicomUids;
import org.deblurgateway.dicom.commitment.CommitmentRequest;
import org.deblurgateway.dicom.commitment.SopReference;
import org.deblurgateway.dicom.files.DurableFiles;
import org.jboss.logging.Logger;

/**
 * The commitment requests not yet answered, one small text file each under {@code <data-dir>/commitment/pending/}
 * (named by calling AE and Transaction UID), written with fsync and rename before the N-ACTION-RSP goes out and
 * removed once the requester took the report: a request survives {@code kill -9} and is answered after the restart.
 */
final class PendingRequests {

    private static final Logger LOG = Logger.getLogger(PendingRequests.class);
    private static final String SUFFIX = ".request";

    private final Path folder;

    PendingRequests(Path folder) {
        this.folder = folder;
    }

    /** Keeps {@code pending} durably (a request with the same calling AE and Transaction UID is replaced). */
    void keep(PendingRequest pending) throws IOException {
        Files.createDirectories(folder);
        StringBuilder text = new StringBuilder();
        text.append("calling-ae-title\t").append(pending.callingAeTitle()).append('\n');
        text.append("received-at\t").append(pending.receivedAt().toEpochMilli()).append('\n');
        text.append("transaction-uid\t").append(pending.transactionUid()).append('\n');
        for (SopReference ref : pending.request().references()) {
            text.append("reference\t")
                    .append(ref.sopClassUid())
                    .append('\t')
                    .append(ref.sopInstanceUid())
                    .append('\n');
        }
        Path target = fileOf(pending);
        Path temp = folder.resolve(target.getFileName() + ".tmp");
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        DurableFiles.force(temp);
        DurableFiles.rename(temp, target);
        DurableFiles.syncFolder(folder);
    }

    /** Removes an answered request. */
    void remove(PendingRequest pending) throws IOException {
        Files.deleteIfExists(fileOf(pending));
    }

    /** Every request kept; a file that cannot be read is logged and left for an operator. */
    List<PendingRequest> all() throws IOException {
        List<PendingRequest> found = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return found;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*" + SUFFIX)) {
            for (Path file : files) {
                try {
                    found.add(read(file));
                } catch (IOException | RuntimeException e) {
                    LOG.warnf(
                            "DGW-STC-012 pending storage commitment request %s cannot be read, left in place: %s",
                            file.getFileName(), e.toString());
                }
            }
        }
        return found;
    }

    private static PendingRequest read(Path file) throws IOException {
        String calling = null;
        String transaction = null;
        long at = -1;
        List<SopReference> refs = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] f = line.split("\t", -1);
            switch (f[0]) {
                case "calling-ae-title" -> calling = f[1];
                case "received-at" -> at = Long.parseLong(f[1]);
                case "transaction-uid" -> transaction = f[1];
                case "reference" -> refs.add(new SopReference(f[1], f[2]));
                default -> throw new IOException("unknown line " + f[0]);
            }
        }
        if (calling == null || transaction == null || at < 0 || refs.isEmpty()) {
            throw new IOException("incomplete request file");
        }
        return new PendingRequest(calling, Instant.ofEpochMilli(at), new CommitmentRequest(transaction, refs));
    }

    private Path fileOf(PendingRequest pending) {
        if (!DicomUids.isValid(pending.transactionUid())) {
            throw new IllegalArgumentException("not a valid Transaction UID");
        }
        // AE titles may hold characters file names must not: hex keeps the name safe and distinct.
        StringBuilder ae = new StringBuilder();
        for (byte b : pending.callingAeTitle().getBytes(StandardCharsets.US_ASCII)) {
            ae.append(String.format("%02x", b));
        }
        return folder.resolve(ae + "-" + pending.transactionUid() + SUFFIX);
    }
}
