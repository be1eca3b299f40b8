package org.deblurgateway.dicom.scp;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.deblurgateway.dicom.DataSetReader;
import org.deblurgateway.dicom.DataSetSummary;
import org.deblurgateway.dicom.DicomUids;
import org.deblurgateway.dicom.MalformedDataSetException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one association on its own thread: negotiation (AE checks, presentation contexts), then C-ECHO and
 * C-STORE until release or abort. A C-STORE streams its data set into a spool part file and is answered only
 * after the object is durable and announced.
 */
final class AssociationHandler implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(AssociationHandler.class);
    private static final int MAX_ASSOCIATE_RQ = 1 << 20;
    private static final int MAX_COMMAND = 1 << 16;
    private static final int BUFFER = 64 * 1024;

    private final Socket socket;
    private final ListenerSettings settings;
    private final PresentationContextPolicy policy;
    private final Spool spool;
    private final IngestPublisher publisher;
    private final ExecutorService syncPool;
    private final byte[] buffer = new byte[BUFFER];
    private final ByteArrayOutputStream command = new ByteArrayOutputStream(256);
    private final Map<Integer, PresentationContextDecision> contexts = new HashMap<>();

    private DataInputStream in;
    private OutputStream out;
    private String label;
    private long peerMaxPdu;
    private String callingAe = "";
    private String calledAe = "";
    private IngestChannel ingest;
    private StoreInProgress store;
    private int stored;
    private int failed;
    // Time spent per stage over the association, for the summary line (where a slow disk or broker shows).
    private long checkNanos;
    private long syncNanos;
    private long announceNanos;
    // Guarded by this: a message is in flight between its command and its response.
    private boolean busy;
    private boolean stopping;
    private volatile boolean forceStopped;

    AssociationHandler(Socket socket, ListenerSettings settings, PresentationContextPolicy policy, Spool spool,
            IngestPublisher publisher, ExecutorService syncPool) {
        this.socket = socket;
        this.syncPool = syncPool;
        this.settings = settings;
        this.policy = policy;
        this.spool = spool;
        this.publisher = publisher;
        this.label = "[? -> ? " + socket.getRemoteSocketAddress() + "]";
    }

    @Override
    public void run() {
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int) settings.associationRequestTimeout().toMillis());
            in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), BUFFER));
            out = new BufferedOutputStream(socket.getOutputStream(), 8192);
            if (negotiate()) {
                socket.setSoTimeout((int) settings.readTimeout().toMillis());
                serve();
            }
        } catch (ProtocolException e) {
            LOG.warn("{} protocol error, aborting: {}", label, e.getMessage());
            sendAbort();
        } catch (SocketTimeoutException e) {
            LOG.warn("{} peer silent for longer than the read timeout, aborting", label);
            sendAbort();
        } catch (EOFException e) {
            LOG.warn("{} peer closed the connection without releasing the association", label);
        } catch (IOException e) {
            if (isStopping()) {
                LOG.info("{} aborted because the listener is stopping", label);
            } else {
                LOG.warn("{} connection failed: {}", label, e.toString());
            }
        } catch (RuntimeException e) {
            LOG.error("{} unexpected failure, aborting", label, e);
            sendAbort();
        } finally {
            if (store != null) {
                store.discard();
                store = null;
            }
            if (ingest != null) {
                ingest.close();
            }
            closeSocket();
            if (stored + failed > 0) {
                LOG.info("{} association ended: {} object(s) stored, {} failed; per stored object {} ms checking"
                        + " (fsync alongside), {} ms more for fsync, {} ms placing and announcing", label, stored, failed,
                        perObject(checkNanos), perObject(syncNanos), perObject(announceNanos));
            }
        }
    }

    /** Asks the association to end: at once when idle, otherwise right after the C-STORE in flight is answered. */
    synchronized void requestStop() {
        stopping = true;
        if (!busy) {
            sendAbort();
            closeSocket();
        }
    }

    /** Ends the association now, even mid-transfer (the part file is discarded by the serving thread). */
    void forceStop() {
        // No A-ABORT here: the serving thread may hold the output while blocked on a peer that stopped reading.
        forceStopped = true;
        closeSocket();
    }

    private synchronized boolean isStopping() {
        return stopping || forceStopped;
    }

    private boolean negotiate() throws IOException, ProtocolException {
        int type = in.readUnsignedByte();
        in.readUnsignedByte();
        long length = Integer.toUnsignedLong(in.readInt());
        if (type != Pdus.ASSOCIATE_RQ) {
            throw new ProtocolException("expected A-ASSOCIATE-RQ, got PDU type " + type);
        }
        if (length > MAX_ASSOCIATE_RQ) {
            throw new ProtocolException("A-ASSOCIATE-RQ of " + length + " bytes");
        }
        byte[] body = new byte[(int) length];
        in.readFully(body);
        AssociateRequest rq;
        try {
            rq = Pdus.parseAssociateRequest(body);
        } catch (ProtocolException e) {
            if (e.getMessage().startsWith("protocol version")) {
                reject(AssociationRejection.PROTOCOL_VERSION_NOT_SUPPORTED, e.getMessage());
                return false;
            }
            throw e;
        }
        callingAe = rq.callingAeTitle();
        calledAe = rq.calledAeTitle();
        label = "[" + callingAe + " -> " + calledAe + " " + socket.getRemoteSocketAddress() + "]";
        if (!Pdus.DICOM_APPLICATION_CONTEXT.equals(rq.applicationContext())) {
            reject(AssociationRejection.APPLICATION_CONTEXT_NOT_SUPPORTED, "application context " + rq.applicationContext());
            return false;
        }
        if (!settings.aeTitles().contains(calledAe)) {
            reject(AssociationRejection.CALLED_AE_NOT_RECOGNIZED, "called AE title is not ours");
            return false;
        }
        if (!settings.callerAllowed(callingAe)) {
            reject(AssociationRejection.CALLING_AE_NOT_RECOGNIZED, "calling AE title is not allowed");
            return false;
        }
        if (isStopping()) {
            reject(AssociationRejection.TEMPORARY_CONGESTION, "listener is stopping");
            return false;
        }
        List<PresentationContextDecision> decisions = policy.decide(rq.presentationContexts());
        int accepted = 0;
        for (PresentationContextDecision d : decisions) {
            if (d.accepted()) {
                contexts.put(d.id(), d);
                accepted++;
            }
        }
        peerMaxPdu = rq.maxPduLength();
        synchronized (this) {
            out.write(Pdus.associateAccept(rq, decisions, settings.maxPduLength()));
            out.flush();
        }
        LOG.info("{} association accepted ({} of {} presentation contexts)", label, accepted, decisions.size());
        if (LOG.isDebugEnabled()) {
            for (PresentationContextDecision d : decisions) {
                LOG.debug("{} context {} {} {} result {}", label, d.id(), d.abstractSyntax(), d.transferSyntax(), d.result());
            }
        }
        return true;
    }

    private void reject(AssociationRejection rejection, String why) throws IOException {
        LOG.info("{} association rejected ({}): {}", label, rejection, why);
        synchronized (this) {
            out.write(Pdus.associateReject(rejection));
            out.flush();
        }
    }

    private void serve() throws IOException, ProtocolException {
        while (true) {
            int type;
            try {
                type = in.readUnsignedByte();
            } catch (EOFException e) {
                if (store != null || command.size() > 0) {
                    throw e;
                }
                LOG.warn("{} peer closed the connection without releasing the association", label);
                return;
            }
            in.readUnsignedByte();
            long length = Integer.toUnsignedLong(in.readInt());
            switch (type) {
                case Pdus.P_DATA_TF -> readPData(length);
                case Pdus.RELEASE_RQ -> {
                    in.skipNBytes(length);
                    if (store != null || command.size() > 0) {
                        throw new ProtocolException("A-RELEASE-RQ in the middle of a message");
                    }
                    synchronized (this) {
                        out.write(Pdus.releaseResponse());
                        out.flush();
                    }
                    LOG.debug("{} association released", label);
                    return;
                }
                case Pdus.ABORT -> {
                    LOG.warn("{} peer aborted the association", label);
                    return;
                }
                default -> throw new ProtocolException("unexpected PDU type " + type);
            }
        }
    }

    private void readPData(long length) throws IOException, ProtocolException {
        if (length > settings.maxPduLength()) {
            throw new ProtocolException("P-DATA-TF of " + length + " bytes exceeds our maximum " + settings.maxPduLength());
        }
        long remaining = length;
        while (remaining > 0) {
            if (remaining < 6) {
                throw new ProtocolException("P-DATA-TF ends inside a PDV header");
            }
            long itemLength = Integer.toUnsignedLong(in.readInt());
            int contextId = in.readUnsignedByte();
            int control = in.readUnsignedByte();
            if (itemLength < 2 || itemLength + 4 > remaining) {
                throw new ProtocolException("PDV item length " + itemLength + " does not fit its PDU");
            }
            remaining -= 4 + itemLength;
            int valueLength = (int) (itemLength - 2);
            boolean isCommand = (control & 0x01) != 0;
            boolean last = (control & 0x02) != 0;
            PresentationContextDecision context = contexts.get(contextId);
            if (context == null) {
                throw new ProtocolException("PDV on presentation context " + contextId + " which was not accepted");
            }
            if (isCommand) {
                if (store != null) {
                    throw new ProtocolException("command fragment while a data set is expected");
                }
                if (command.size() + valueLength > MAX_COMMAND) {
                    throw new ProtocolException("command set larger than " + MAX_COMMAND + " bytes");
                }
                copy(valueLength, command);
                if (last) {
                    byte[] bytes = command.toByteArray();
                    command.reset();
                    onCommand(context, DimseCommand.parse(bytes));
                }
            } else {
                if (store == null || store.contextId != contextId) {
                    throw new ProtocolException("data fragment without a C-STORE command on its context");
                }
                store.receive(valueLength);
                if (last) {
                    finishStore();
                }
            }
        }
    }

    private void onCommand(PresentationContextDecision context, DimseCommand cmd) throws IOException, ProtocolException {
        synchronized (this) {
            busy = true;
        }
        switch (cmd.commandField()) {
            case DimseCommand.C_ECHO_RQ -> {
                if (cmd.hasDataSet()) {
                    throw new ProtocolException("C-ECHO-RQ announces a data set");
                }
                respond(context.id(), DimseCommand.echoResponse(cmd.messageId(), cmd.affectedSopClassUid()));
                LOG.debug("{} C-ECHO answered", label);
            }
            case DimseCommand.C_STORE_RQ -> {
                if (!cmd.hasDataSet()) {
                    throw new ProtocolException("C-STORE-RQ without a data set");
                }
                store = new StoreInProgress(context, cmd);
            }
            default -> throw new ProtocolException(String.format("unsupported DIMSE command 0x%04X", cmd.commandField()));
        }
    }

    private void finishStore() throws IOException {
        StoreInProgress s = store;
        store = null;
        int status;
        String comment = null;
        try {
            s.complete();
            status = DicomStatus.SUCCESS;
            stored++;
            LOG.debug("{} C-STORE {} stored", label, s.cmd.affectedSopInstanceUid());
        } catch (StoreFailure f) {
            status = f.status();
            comment = f.getMessage();
            failed++;
            LOG.warn("{} C-STORE failed with status {}: {}", label, String.format("0x%04X", status), f.getMessage(),
                    f.getCause());
            LOG.debug("{} failed C-STORE was SOP Instance UID '{}'", label, s.cmd.affectedSopInstanceUid());
        } finally {
            s.discard();
        }
        respond(s.contextId, DimseCommand.storeResponse(s.cmd.messageId(), s.cmd.affectedSopClassUid(),
                s.cmd.affectedSopInstanceUid(), status, comment));
    }

    private void respond(int contextId, byte[] response) throws IOException {
        synchronized (this) {
            Pdus.writeCommand(out, contextId, response, peerMaxPdu);
            busy = false;
            if (stopping) {
                sendAbort();
                closeSocket();
            }
        }
    }

    private void copy(int length, OutputStream sink) throws IOException {
        int left = length;
        while (left > 0) {
            int n = in.read(buffer, 0, Math.min(left, buffer.length));
            if (n < 0) {
                throw new EOFException();
            }
            sink.write(buffer, 0, n);
            left -= n;
        }
    }

    private IngestChannel ingest() throws IngestException {
        if (ingest == null) {
            ingest = publisher.open();
        }
        return ingest;
    }

    private synchronized void sendAbort() {
        if (out == null || socket.isClosed()) {
            return;
        }
        try {
            out.write(Pdus.abort());
            out.flush();
        } catch (IOException e) {
            LOG.debug("{} could not send A-ABORT: {}", label, e.toString());
        }
    }

    private String perObject(long nanos) {
        return stored == 0 ? "-" : String.format("%.1f", nanos / 1e6 / stored);
    }

    private void closeSocket() {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("{} closing socket failed: {}", label, e.toString());
        }
    }

    /** One C-STORE between its command and its last data fragment. */
    private final class StoreInProgress {
        final int contextId;
        final DimseCommand cmd;
        final String transferSyntax;
        private Spool.PartFile part;
        private long dataSetOffset;
        private StoreFailure refused;
        private long received;

        StoreInProgress(PresentationContextDecision context, DimseCommand cmd) {
            this.contextId = context.id();
            this.cmd = cmd;
            this.transferSyntax = context.transferSyntax();
            // A refused C-STORE still has to consume its data set before it can be answered.
            if (!DicomUids.isValid(cmd.affectedSopInstanceUid())) {
                refused = new StoreFailure(DicomStatus.CANNOT_UNDERSTAND, "invalid Affected SOP Instance UID");
            } else if (!DicomUids.isValid(cmd.affectedSopClassUid())) {
                refused = new StoreFailure(DicomStatus.CANNOT_UNDERSTAND, "invalid Affected SOP Class UID");
            } else if (!cmd.affectedSopClassUid().equals(context.abstractSyntax())) {
                refused = new StoreFailure(DicomStatus.SOP_CLASS_NOT_SUPPORTED,
                        "SOP class differs from the presentation context's abstract syntax");
            } else {
                try {
                    part = spool.create(cmd.affectedSopClassUid(), cmd.affectedSopInstanceUid(), transferSyntax, callingAe);
                    dataSetOffset = part.size();
                } catch (IOException e) {
                    refused = new StoreFailure(DicomStatus.OUT_OF_RESOURCES, "cannot create spool file: " + e.getMessage(), e);
                }
            }
        }

        void receive(int length) throws IOException {
            int left = length;
            while (left > 0) {
                int n = in.read(buffer, 0, Math.min(left, buffer.length));
                if (n < 0) {
                    throw new EOFException();
                }
                left -= n;
                received += n;
                if (part != null) {
                    try {
                        part.write(buffer, 0, n);
                    } catch (IOException e) {
                        // Keep consuming the data set so the peer still gets a response.
                        refused = new StoreFailure(DicomStatus.OUT_OF_RESOURCES, "cannot write spool file: " + e.getMessage(), e);
                        part.discard();
                        part = null;
                    }
                }
            }
        }

        void complete() throws StoreFailure {
            if (refused != null) {
                throw refused;
            }
            long t0 = System.nanoTime();
            // The fsync runs while the data set is read back and checked: both must finish before the rename.
            Spool.PartFile syncing = part;
            Future<?> sync = syncPool.submit(() -> {
                syncing.force();
                return null;
            });
            DataSetSummary summary;
            try {
                summary = DataSetReader.read(part.path(), dataSetOffset, transferSyntax);
                if (!cmd.affectedSopInstanceUid().equals(summary.sopInstanceUid())) {
                    throw new StoreFailure(DicomStatus.DATA_SET_DOES_NOT_MATCH_SOP_CLASS,
                            "SOP Instance UID in the data set differs from the command's");
                }
                if (!cmd.affectedSopClassUid().equals(summary.sopClassUid())) {
                    throw new StoreFailure(DicomStatus.DATA_SET_DOES_NOT_MATCH_SOP_CLASS,
                            "SOP Class UID in the data set differs from the command's");
                }
            } catch (MalformedDataSetException e) {
                awaitQuietly(sync);
                throw new StoreFailure(DicomStatus.CANNOT_UNDERSTAND, e.getMessage());
            } catch (IOException e) {
                awaitQuietly(sync);
                throw new StoreFailure(DicomStatus.OUT_OF_RESOURCES, "cannot read back spool file: " + e.getMessage(), e);
            } catch (StoreFailure e) {
                awaitQuietly(sync);
                throw e;
            }
            long t1 = System.nanoTime();
            Spool.Placement placement;
            long t2;
            try {
                await(sync);
                part.close();
                t2 = System.nanoTime();
                placement = spool.place(part, summary.sopInstanceUid());
            } catch (IOException e) {
                throw new StoreFailure(DicomStatus.OUT_OF_RESOURCES, "cannot make the object durable: " + e.getMessage(), e);
            }
            part = null; // now owned by the placement
            try {
                ingest().publish(new ReceivedObject(spool.relativeName(placement.target()), callingAe, calledAe, summary,
                        Instant.now()));
                placement.keep();
                checkNanos += t1 - t0;
                syncNanos += t2 - t1;
                announceNanos += System.nanoTime() - t2;
            } catch (IngestException | RuntimeException e) {
                placement.undo();
                if (ingest != null) {
                    ingest.close();
                    ingest = null;
                }
                throw new StoreFailure(DicomStatus.OUT_OF_RESOURCES, "cannot announce the object: " + e.getMessage(), e);
            }
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

        void discard() {
            if (part != null) {
                part.discard();
                part = null;
            }
        }
    }
}
