package org.deblurgateway.dicom.scp;

import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.deblurgateway.dicom.DataSetLimit;
import org.deblurgateway.dicom.DataSetReader;
import org.deblurgateway.dicom.DataSetSummary;
import org.deblurgateway.dicom.DicomUids;
import org.deblurgateway.dicom.FailureText;
import org.deblurgateway.dicom.MalformedDataSetException;
import org.deblurgateway.dicom.ObjectTooLargeException;
import org.deblurgateway.dicom.net.DimseCommand;
import org.deblurgateway.dicom.net.PresentationContextDecision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The C-STORE service of one association: streams each data set into a spool part file and gives its status only
 * once the object is durable (fsync, rename, folder fsync) and its announcement on the ingest channel committed. It never touches the connection;
 * {@link AssociationHandler} runs the upper-layer protocol and hands it the data set bytes.
 */
final class DurableCStoreService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DurableCStoreService.class);

    private final Spool spool;
    private final IngestPublisher publisher;
    private final ExecutorService syncPool;
    private final String callingAe;
    private final String calledAe;
    private final String peerAddress;
    private final String label;
    private final DataSetLimit limit;
    private final SpoolFloor floor;
    private IngestChannel ingest;
    private int stored;
    private int failed;
    // Time spent per stage over the association, for the summary line (where a slow disk or broker shows).
    private long checkNanos;
    private long syncNanos;
    private long announceNanos;

    /** The C-STORE-RSP status of one object and its Error Comment (null when none). */
    record Answer(int status, String errorComment) {}

    /**
     * @param syncPool runs the fsyncs of a received file and of its folder while the data set is read back and checked
     *                 and its announcement committed
     * @param peerAddress the calling peer's IP address (empty when the objects do not come over an association)
     * @param label    the association, as the log names it
     * @param floor    refuses each new object, before any of it is written, while the spool is short of space
     */
    DurableCStoreService(
            Spool spool,
            IngestPublisher publisher,
            ExecutorService syncPool,
            String callingAe,
            String calledAe,
            String peerAddress,
            String label,
            DataSetLimit limit,
            SpoolFloor floor) {
        this.limit = limit;
        this.floor = floor;
        this.spool = spool;
        this.publisher = publisher;
        this.syncPool = syncPool;
        this.callingAe = callingAe;
        this.calledAe = calledAe;
        this.peerAddress = peerAddress;
        this.label = label;
    }

    /** Starts receiving the data set of {@code command} on {@code context}. */
    IncomingObject begin(PresentationContextDecision context, DimseCommand command) {
        return new IncomingObject(context, command);
    }

    /** Completes a received object: durable and announced, or refused; always discards what is left of it. */
    Answer finish(IncomingObject object) {
        try {
            object.complete();
            stored++;
            LOG.debug("{} C-STORE {} stored", label, object.command.affectedSopInstanceUid());
            return new Answer(DicomStatus.SUCCESS, null);
        } catch (StoreFailure f) {
            failed++;
            LOG.warn(
                    "{} C-STORE failed with status {}: {}",
                    label,
                    String.format("0x%04X", f.status()),
                    f.getMessage(),
                    f.getCause());
            LOG.debug("{} failed C-STORE was SOP Instance UID '{}'", label, object.command.affectedSopInstanceUid());
            return new Answer(f.status(), f.getMessage());
        } finally {
            object.discard();
        }
    }

    /** True once any object was answered, stored or not. */
    boolean answeredAny() {
        return stored + failed > 0;
    }

    /** One line on what the association stored and where the time went. */
    String summary() {
        return String.format(
                "%d object(s) stored, %d failed; per stored object %s ms checking and %s ms announcing"
                        + " (fsyncs alongside), %s ms more for the fsyncs",
                stored, failed, perObject(checkNanos), perObject(announceNanos), perObject(syncNanos));
    }

    @Override
    public void close() {
        if (ingest != null) {
            ingest.close();
            ingest = null;
        }
    }

    private String perObject(long nanos) {
        return stored == 0 ? "-" : String.format("%.1f", nanos / 1e6 / stored);
    }

    private IngestChannel ingest() throws IngestException {
        if (ingest == null) {
            ingest = publisher.open(peerAddress);
        }
        return ingest;
    }

    /** One C-STORE between its command and its last data fragment. */
    final class IncomingObject {
        private final int contextId;
        private final DimseCommand command;
        private final String transferSyntax;
        private Spool.PartFile part;
        private long dataSetOffset;
        private StoreFailure refused;

        private IncomingObject(PresentationContextDecision context, DimseCommand command) {
            this.contextId = context.id();
            this.command = command;
            this.transferSyntax = context.transferSyntax();
            // A refused C-STORE still has to consume its data set before it can be answered.
            if (!DicomUids.isValid(command.affectedSopInstanceUid())) {
                refused = new StoreFailure(DicomStatus.CANNOT_UNDERSTAND, "invalid Affected SOP Instance UID");
            } else if (!DicomUids.isValid(command.affectedSopClassUid())) {
                refused = new StoreFailure(DicomStatus.CANNOT_UNDERSTAND, "invalid Affected SOP Class UID");
            } else if (!command.affectedSopClassUid().equals(context.abstractSyntax())) {
                refused = new StoreFailure(
                        DicomStatus.SOP_CLASS_NOT_SUPPORTED,
                        "SOP class differs from the presentation context's abstract syntax");
            } else if (floor.isBelow()) { // refused before a byte of it takes the disk
                refused = new StoreFailure(DicomStatus.OUT_OF_RESOURCES, SpoolFloor.REFUSAL);
            } else {
                try {
                    part = spool.create(
                            command.affectedSopClassUid(), command.affectedSopInstanceUid(), transferSyntax, callingAe);
                    dataSetOffset = part.size();
                } catch (IOException e) {
                    refused = new StoreFailure(
                            DicomStatus.OUT_OF_RESOURCES, FailureText.of("cannot create spool file", e), e);
                }
            }
        }

        int contextId() {
            return contextId;
        }

        DimseCommand command() {
            return command;
        }

        /** Takes the next data set bytes; a write that fails refuses the object but never stops the reading. */
        void receive(byte[] bytes, int offset, int length) {
            if (part == null) {
                return;
            }
            if (limit.exceededBy(part.size() - dataSetOffset + length)) { // refused before it takes the disk
                refused = new StoreFailure(
                        DicomStatus.OUT_OF_RESOURCES, limit.refusal().getMessage());
                part.discard();
                part = null;
                return;
            }
            try {
                part.write(bytes, offset, length);
            } catch (IOException e) {
                // Keep consuming the data set so the peer still gets a response.
                refused =
                        new StoreFailure(DicomStatus.OUT_OF_RESOURCES, FailureText.of("cannot write spool file", e), e);
                floor.recheck(); // most likely the disk is full: the next C-STORE looks again before it writes
                part.discard();
                part = null;
            }
        }

        private void complete() throws StoreFailure {
            if (refused != null) {
                throw refused;
            }
            long t0 = System.nanoTime();
            // The file's fsync runs while the data set is read back and checked, and on while the announcement is
            // committed: Success waits for the fsync, the folder's fsync and the commit, none of which needs
            // another first. A power cut after the commit but before the fsyncs leaves a message whose file is
            // missing or differs from its seal; the routes check the seal of every file from an earlier boot.
            Spool.PartFile written = part;
            Future<?> fileSync = syncPool.submit(() -> {
                written.force();
                return null;
            });
            DataSetSummary summary;
            try {
                summary = DataSetReader.read(part.path(), dataSetOffset, transferSyntax, limit);
                if (!command.affectedSopInstanceUid().equals(summary.sopInstanceUid())) {
                    throw new StoreFailure(
                            DicomStatus.DATA_SET_DOES_NOT_MATCH_SOP_CLASS,
                            "SOP Instance UID in the data set differs from the command's");
                }
                if (!command.affectedSopClassUid().equals(summary.sopClassUid())) {
                    throw new StoreFailure(
                            DicomStatus.DATA_SET_DOES_NOT_MATCH_SOP_CLASS,
                            "SOP Class UID in the data set differs from the command's");
                }
            } catch (ObjectTooLargeException e) {
                awaitQuietly(fileSync);
                throw new StoreFailure(DicomStatus.OUT_OF_RESOURCES, e.getMessage());
            } catch (MalformedDataSetException e) {
                awaitQuietly(fileSync);
                throw new StoreFailure(DicomStatus.CANNOT_UNDERSTAND, FailureText.withoutPaths(e.getMessage()));
            } catch (IOException e) {
                awaitQuietly(fileSync);
                throw new StoreFailure(
                        DicomStatus.OUT_OF_RESOURCES, FailureText.of("cannot read back spool file", e), e);
            } catch (StoreFailure e) {
                awaitQuietly(fileSync);
                throw e;
            }
            long t1 = System.nanoTime();
            ReceiptSeal seal = written.seal();
            Spool.Placement placement;
            try {
                placement = spool.place(written, summary.sopInstanceUid());
            } catch (IOException | RuntimeException e) {
                awaitQuietly(fileSync);
                throw new StoreFailure(
                        DicomStatus.OUT_OF_RESOURCES, FailureText.of("cannot make the object durable", e), e);
            }
            part = null; // now owned by the placement
            Future<?> folderSync = syncPool.submit(() -> {
                placement.sync();
                return null;
            });
            long t2 = System.nanoTime();
            try {
                ingest().publish(new ReceivedObject(
                        spool.relativeName(placement.target()),
                        callingAe,
                        calledAe,
                        summary,
                        Instant.now(),
                        Optional.of(seal)));
            } catch (IngestException | RuntimeException | OutOfMemoryError e) {
                awaitQuietly(fileSync);
                awaitQuietly(folderSync);
                written.close();
                placement.undo();
                close(); // a failed channel is not used again; the next object opens a new one
                if (e instanceof OutOfMemoryError heap) {
                    throw heap; // the association handler answers and ends the association
                }
                throw new StoreFailure(
                        DicomStatus.OUT_OF_RESOURCES, FailureText.of("cannot announce the object", e), e);
            }
            long t3 = System.nanoTime();
            try {
                await(fileSync);
                await(folderSync);
            } catch (IOException e) {
                awaitQuietly(folderSync);
                // Its committed message now names a missing file, which the routes take for one already handled.
                placement.undo();
                throw new StoreFailure(
                        DicomStatus.OUT_OF_RESOURCES, FailureText.of("cannot make the object durable", e), e);
            } finally {
                written.close();
            }
            checkNanos += t1 - t0;
            announceNanos += t3 - t2;
            syncNanos += System.nanoTime() - t3;
        }

        private void await(Future<?> sync) throws IOException {
            try {
                sync.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for fsync", e);
            }
        }

        private void awaitQuietly(Future<?> sync) {
            try {
                await(sync);
            } catch (IOException e) {
                LOG.debug("{} fsync of a refused object failed: {}", label, e.toString());
            }
        }

        /** Drops the part file, if any is left (a refused or interrupted store). */
        void discard() {
            if (part != null) {
                part.discard();
                part = null;
            }
        }
    }
}
