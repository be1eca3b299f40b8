package org.deblurgateway.dicom.scp;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.security.auth.x500.X500Principal;
import org.deblurgateway.dicom.commitment.CommitmentDataSets;
import org.deblurgateway.dicom.commitment.CommitmentRequest;
import org.deblurgateway.dicom.commitment.CommitmentRequests;
import org.deblurgateway.dicom.commitment.CommitmentResult;
import org.deblurgateway.dicom.commitment.StorageCommitment;
import org.deblurgateway.dicom.net.AssociateRequest;
import org.deblurgateway.dicom.net.AssociationRejection;
import org.deblurgateway.dicom.net.DimseCommand;
import org.deblurgateway.dicom.net.Pdus;
import org.deblurgateway.dicom.net.PresentationContextDecision;
import org.deblurgateway.dicom.net.ProtocolException;
import org.deblurgateway.dicom.tls.ClientSubjects;
import org.deblurgateway.dicom.tls.DicomTls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one association on its own thread, the upper-layer state machine of PS3.8: negotiation (AE checks,
 * presentation contexts), then P-DATA reassembly into DIMSE messages until release or abort. C-ECHO is answered
 * here; a C-STORE's data set goes to the association's {@link DurableCStoreService}, which says its status once the
 * object is durable and announced. On the TLS port the handshake happens here too, bounded like the A-ASSOCIATE-RQ,
 * and the client certificate's subject must be allowed for the calling AE title. A Storage Commitment N-ACTION is
 * handed to {@link CommitmentRequests} and answered at once; its N-EVENT-REPORT may later come back on this
 * association from another thread ({@link #reportOnThisAssociation}), whose response the serving thread reads.
 */
final class AssociationHandler implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(AssociationHandler.class);
    private static final int MAX_ASSOCIATE_RQ = 1 << 20;
    private static final int MAX_COMMAND = 1 << 16;
    private static final int BUFFER = 64 * 1024;
    /** Largest N-ACTION data set taken: about 100 bytes per referenced instance, so some 160,000 instances. */
    private static final int MAX_ACTION_DATA_SET = 16 << 20;

    private final Socket socket;
    private final ListenerSettings settings;
    private final PresentationContextPolicy policy;
    private final Spool spool;
    private final SpoolFloor floor;
    private final IngestPublisher publisher;
    private final ExecutorService syncPool;
    /** The TLS port's allow list; null on the plain port. */
    private final ClientSubjects clientSubjects;

    private final AssociationAdmission admission;
    private final ListenerObserver observer;
    private final byte[] buffer = new byte[BUFFER];
    private final ByteArrayOutputStream command = new ByteArrayOutputStream(256);
    private final Map<Integer, PresentationContextDecision> contexts = new HashMap<>();

    private DataInputStream in;
    private OutputStream out;
    private String label;
    private long peerMaxPdu;
    private String callingAe = "";
    private String calledAe = "";
    private Optional<X500Principal> clientSubject = Optional.empty();
    private boolean callingAeAdmitted;
    // Guarded by this: the setup deadline and the A-ASSOCIATE-AC must not both win.
    private boolean setupComplete;
    private volatile boolean setupExpired;
    private DurableCStoreService storage;
    private DurableCStoreService.IncomingObject store;
    /** When the command of the C-STORE in progress arrived (System.nanoTime). */
    private long storeCommandAt;
    // Guarded by this: a message is in flight between its command and its response.
    private boolean busy;
    private boolean stopping;
    private volatile boolean forceStopped;
    /** Null when Storage Commitment is off. */
    private final CommitmentRequests commitments;

    private DimseCommand actionCommand;
    private int actionContextId;
    private ByteArrayOutputStream actionData;
    // Guarded by this: our N-EVENT-REPORT-RQs waiting for their response, by our Message ID.
    private final Map<Integer, CompletableFuture<Integer>> awaitingReports = new ConcurrentHashMap<>();
    private int nextReportId = 1;
    private boolean serving;

    AssociationHandler(
            Socket socket,
            ListenerSettings settings,
            PresentationContextPolicy policy,
            ReceivePath receive,
            ExecutorService syncPool,
            ClientSubjects clientSubjects,
            AssociationAdmission admission,
            ListenerObserver observer,
            CommitmentRequests commitments) {
        this.socket = socket;
        this.floor = receive.floor();
        this.observer = observer;
        this.commitments = commitments;
        this.clientSubjects = clientSubjects;
        this.admission = admission;
        this.syncPool = syncPool;
        this.settings = settings;
        this.policy = policy;
        this.spool = receive.spool();
        this.publisher = receive.publisher();
        this.label = "[? -> ? " + socket.getRemoteSocketAddress() + "]";
    }

    @Override
    public void run() {
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int) settings.associationRequestTimeout().toMillis());
            // The whole setup, not each read, is bounded: a peer trickling bytes would outlast any per-read timeout.
            ScheduledFuture<?> setupDeadline =
                    admission.deadline(this::expireSetup, settings.associationRequestTimeout());
            boolean negotiated;
            try {
                if (socket instanceof SSLSocket ssl && !handshake(ssl)) {
                    return;
                }
                in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), BUFFER));
                out = new BufferedOutputStream(socket.getOutputStream(), 8192);
                negotiated = negotiate();
            } finally {
                setupDeadline.cancel(false);
            }
            if (negotiated) {
                socket.setSoTimeout((int) settings.readTimeout().toMillis());
                synchronized (this) {
                    serving = true;
                }
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
            if (setupExpired) {
                logSetupExpired();
            } else if (isStopping()) {
                LOG.info("{} aborted because the listener is stopping", label);
            } else {
                LOG.warn("{} connection failed: {}", label, e.toString());
            }
        } catch (HeapExhausted e) {
            sendAbort(); // answered already (finishStore); a fresh association starts with what the heap has freed
        } catch (RuntimeException e) {
            LOG.error("{} unexpected failure, aborting", label, e);
            sendAbort();
        } catch (OutOfMemoryError e) {
            // Whatever filled the heap was this association's and is unreachable now: end it, keep the listener.
            LOG.error("{} DGW-SCP-050 out of memory, aborting the association (heap: GATEWAY_HEAP, README)", label);
            sendAbort();
        } finally {
            endReports();
            if (callingAeAdmitted) {
                admission.releaseCallingAe(callingAe);
            }
            if (store != null) {
                store.discard();
                store = null;
            }
            if (storage != null) {
                storage.close();
            }
            closeSocket();
            if (storage != null && storage.answeredAny()) {
                LOG.info("{} association ended: {}", label, storage.summary());
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

    /** The setup deadline passed: the connection is closed unless the A-ASSOCIATE-AC went out first. */
    private void expireSetup() {
        synchronized (this) {
            if (setupComplete) {
                return;
            }
            setupExpired = true;
        }
        closeSocket();
    }

    private void logSetupExpired() {
        LOG.warn(
                "DGW-DICOM-020 {} association setup (TLS handshake, A-ASSOCIATE-RQ) not complete within {}, "
                        + "connection closed",
                label,
                settings.associationRequestTimeout());
    }

    /** Completes the TLS handshake; false (logged at WARN, connection closed) when the peer cannot complete it. */
    private boolean handshake(SSLSocket ssl) throws IOException {
        try {
            ssl.startHandshake();
        } catch (SocketTimeoutException e) {
            LOG.warn(
                    "DGW-TLS-001 TLS handshake with {} failed: no handshake within {}",
                    socket.getRemoteSocketAddress(),
                    settings.associationRequestTimeout());
            observer.tlsHandshakeFailed(socket.getRemoteSocketAddress(), "no handshake within the setup time");
            return false;
        } catch (SSLException e) {
            if (setupExpired) {
                logSetupExpired();
                return false;
            }
            // Plain DICOM on the TLS port, TLS 1.0/1.1, a weak cipher, an untrusted or missing client certificate.
            LOG.warn("DGW-TLS-001 TLS handshake with {} failed: {}", socket.getRemoteSocketAddress(), e.getMessage());
            observer.tlsHandshakeFailed(socket.getRemoteSocketAddress(), String.valueOf(e.getMessage()));
            return false;
        }
        clientSubject = DicomTls.peerSubject(ssl.getSession());
        label = "[? -> ? " + socket.getRemoteSocketAddress() + " TLS]";
        LOG.debug(
                "{} {} {} client certificate {}",
                label,
                ssl.getSession().getProtocol(),
                ssl.getSession().getCipherSuite(),
                clientSubject.map(X500Principal::getName).orElse("none"));
        return true;
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
        label = "[" + callingAe + " -> " + calledAe + " " + socket.getRemoteSocketAddress()
                + (clientSubjects == null ? "" : " TLS") + "]";
        if (!Pdus.DICOM_APPLICATION_CONTEXT.equals(rq.applicationContext())) {
            reject(
                    AssociationRejection.APPLICATION_CONTEXT_NOT_SUPPORTED,
                    "application context " + rq.applicationContext());
            return false;
        }
        if (!settings.aeTitles().contains(calledAe)) {
            reject(AssociationRejection.CALLED_AE_NOT_RECOGNIZED, "called AE title is not ours");
            refused(ListenerObserver.Refusal.CALLED_AE_NOT_OURS);
            return false;
        }
        if (!settings.callerAllowed(callingAe)) {
            reject(AssociationRejection.CALLING_AE_NOT_RECOGNIZED, "calling AE title is not allowed");
            refused(ListenerObserver.Refusal.CALLING_AE_NOT_ALLOWED);
            return false;
        }
        if (clientSubjects != null && !clientSubjects.allows(callingAe, clientSubject)) {
            reject(
                    AssociationRejection.CALLING_AE_NOT_RECOGNIZED,
                    "client certificate "
                            + clientSubject.map(X500Principal::getName).orElse("(none)")
                            + " is not allowed for this calling AE");
            refused(ListenerObserver.Refusal.CERTIFICATE_SUBJECT_NOT_ALLOWED);
            return false;
        }
        if (isStopping()) {
            reject(AssociationRejection.TEMPORARY_CONGESTION, "listener is stopping");
            return false;
        }
        if (!admission.admitCallingAe(callingAe)) {
            reject(
                    AssociationRejection.LOCAL_LIMIT_EXCEEDED,
                    "this calling AE title has its share of associations " + "in use already");
            return false;
        }
        callingAeAdmitted = true;
        List<PresentationContextDecision> decisions = policy.decide(rq.presentationContexts());
        int accepted = 0;
        for (PresentationContextDecision d : decisions) {
            if (d.accepted()) {
                contexts.put(d.id(), d);
                accepted++;
            }
        }
        peerMaxPdu = rq.maxPduLength();
        storage = new DurableCStoreService(
                spool,
                publisher,
                syncPool,
                callingAe,
                calledAe,
                socket.getInetAddress().getHostAddress(),
                label,
                settings.maxDataSet(),
                floor);
        synchronized (this) {
            if (setupExpired) {
                throw new SocketException("association setup deadline passed");
            }
            setupComplete = true;
            out.write(Pdus.associateAccept(rq, decisions, settings.maxPduLength()));
            out.flush();
        }
        observer.associationAccepted();
        LOG.info("{} association accepted ({} of {} presentation contexts)", label, accepted, decisions.size());
        if (LOG.isDebugEnabled()) {
            for (PresentationContextDecision d : decisions) {
                LOG.debug(
                        "{} context {} {} {} result {}",
                        label,
                        d.id(),
                        d.abstractSyntax(),
                        d.transferSyntax(),
                        d.result());
            }
        }
        return true;
    }

    private void refused(ListenerObserver.Refusal refusal) {
        observer.associationRefused(new ListenerObserver.RefusedAssociation(
                socket.getRemoteSocketAddress(),
                callingAe,
                calledAe,
                refusal,
                clientSubject.map(X500Principal::getName).orElse("")));
    }

    private void reject(AssociationRejection rejection, String why) throws IOException {
        LOG.info("{} association rejected ({}): {}", label, rejection, why);
        synchronized (this) {
            out.write(Pdus.associateReject(rejection));
            out.flush();
        }
        observer.associationRejected(rejection);
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
                    if (store != null || actionData != null || command.size() > 0) {
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
            throw new ProtocolException(
                    "P-DATA-TF of " + length + " bytes exceeds our maximum " + settings.maxPduLength());
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
                if (store != null || actionData != null) {
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
            } else if (actionData != null) {
                if (actionContextId != contextId) {
                    throw new ProtocolException("N-ACTION data set fragment on another presentation context");
                }
                if (actionData.size() + valueLength > MAX_ACTION_DATA_SET) {
                    throw new ProtocolException("N-ACTION data set larger than " + MAX_ACTION_DATA_SET + " bytes");
                }
                copy(valueLength, actionData);
                if (last) {
                    finishAction();
                }
            } else {
                if (store == null || store.contextId() != contextId) {
                    throw new ProtocolException("data fragment without a C-STORE command on its context");
                }
                receiveData(valueLength);
                if (last) {
                    finishStore();
                }
            }
        }
    }

    private void onCommand(PresentationContextDecision context, DimseCommand cmd)
            throws IOException, ProtocolException {
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
                storeCommandAt = System.nanoTime();
                store = storage.begin(context, cmd);
            }
            case DimseCommand.N_ACTION_RQ -> {
                if (!cmd.hasDataSet()) {
                    throw new ProtocolException("N-ACTION-RQ without a data set");
                }
                actionCommand = cmd;
                actionContextId = context.id();
                actionData = new ByteArrayOutputStream(1024);
            }
            case DimseCommand.N_EVENT_REPORT_RSP -> {
                synchronized (this) {
                    busy = false; // an answer to us: nothing is owed back
                }
                CompletableFuture<Integer> waiting = awaitingReports.remove(cmd.messageId());
                if (waiting == null) {
                    LOG.warn("{} N-EVENT-REPORT-RSP to message {} which we did not send", label, cmd.messageId());
                } else {
                    waiting.complete(cmd.status());
                }
            }
            default ->
                throw new ProtocolException(String.format("unsupported DIMSE command 0x%04X", cmd.commandField()));
        }
    }

    private void finishStore() throws IOException {
        DurableCStoreService.IncomingObject s = store;
        store = null;
        DurableCStoreService.Answer answer;
        boolean heapExhausted = false;
        try {
            answer = storage.finish(s);
        } catch (OutOfMemoryError e) {
            // The object's buffers went with the frames that threw, and finish() removed its files: the peer gets a
            // status it can retry on, then the association ends.
            LOG.error(
                    "{} DGW-SCP-050 out of memory while storing an object: answered 0xA700, aborting the"
                            + " association (heap: GATEWAY_HEAP, README)",
                    label);
            answer = new DurableCStoreService.Answer(DicomStatus.OUT_OF_RESOURCES, "out of memory");
            heapExhausted = true;
        }
        DimseCommand cmd = s.command();
        respond(
                s.contextId(),
                DimseCommand.storeResponse(
                        cmd.messageId(),
                        cmd.affectedSopClassUid(),
                        cmd.affectedSopInstanceUid(),
                        answer.status(),
                        answer.errorComment()));
        observer.storeAnswered(answer.status(), System.nanoTime() - storeCommandAt);
        if (heapExhausted) {
            throw new HeapExhausted();
        }
    }

    /**
     * Answers a Storage Commitment N-ACTION-RQ once its data set is complete: the request is kept by
     * {@link CommitmentRequests} and answered with its status. Both under this handler's lock, so a report on this
     * association cannot overtake the N-ACTION-RSP.
     */
    private void finishAction() throws IOException {
        DimseCommand cmd = actionCommand;
        int contextId = actionContextId;
        byte[] data = actionData.toByteArray();
        actionCommand = null;
        actionData = null;
        PresentationContextDecision context = contexts.get(contextId);
        synchronized (this) {
            int status = actionStatus(cmd, context, data, contextId);
            respond(
                    contextId,
                    DimseCommand.actionResponse(
                            cmd.messageId(),
                            StorageCommitment.SOP_CLASS_UID,
                            StorageCommitment.SOP_INSTANCE_UID,
                            cmd.typeId(),
                            status));
        }
    }

    private int actionStatus(DimseCommand cmd, PresentationContextDecision context, byte[] data, int contextId) {
        if (commitments == null || !StorageCommitment.SOP_CLASS_UID.equals(context.abstractSyntax())) {
            LOG.warn("{} N-ACTION on {} refused: no such SOP class here", label, context.abstractSyntax());
            return DicomStatus.NO_SUCH_SOP_CLASS;
        }
        if (!StorageCommitment.SOP_CLASS_UID.equals(cmd.requestedSopClassUid())) {
            LOG.warn("{} N-ACTION for SOP class {} refused", label, cmd.requestedSopClassUid());
            return DicomStatus.NO_SUCH_SOP_CLASS;
        }
        if (!StorageCommitment.SOP_INSTANCE_UID.equals(cmd.requestedSopInstanceUid())) {
            LOG.warn(
                    "{} N-ACTION refused: Requested SOP Instance {} is not the well-known {}",
                    label,
                    cmd.requestedSopInstanceUid(),
                    StorageCommitment.SOP_INSTANCE_UID);
            return DicomStatus.NO_SUCH_OBJECT_INSTANCE;
        }
        if (cmd.typeId() != StorageCommitment.ACTION_REQUEST) {
            LOG.warn("{} N-ACTION refused: Action Type ID {} is not 1 (request commitment)", label, cmd.typeId());
            return DicomStatus.NO_SUCH_ACTION_TYPE;
        }
        CommitmentRequest request;
        try {
            request = CommitmentDataSets.decodeRequest(data, context.transferSyntax());
        } catch (ProtocolException e) {
            LOG.warn("{} N-ACTION refused: {}", label, e.getMessage());
            return DicomStatus.INVALID_ARGUMENT_VALUE;
        }
        try {
            return commitments.accept(request, callingAe, result -> reportOnThisAssociation(contextId, result));
        } catch (RuntimeException e) {
            LOG.error("{} storage commitment request {} not taken", label, request.transactionUid(), e);
            return DicomStatus.PROCESSING_FAILURE;
        }
    }

    /**
     * Sends an N-EVENT-REPORT-RQ on this association (any thread) and waits, at most the read timeout, for the
     * requester's response, which the serving thread reads.
     *
     * @return true when the requester answered Success; false when this association cannot carry the report
     */
    private boolean reportOnThisAssociation(int contextId, CommitmentResult result) {
        CompletableFuture<Integer> answer = new CompletableFuture<>();
        int messageId;
        synchronized (this) {
            if (!serving || isStopping() || socket.isClosed()) {
                return false;
            }
            messageId = nextReportId++;
            awaitingReports.put(messageId, answer);
            try {
                Pdus.writeCommand(
                        out,
                        contextId,
                        DimseCommand.eventReportRequest(
                                messageId,
                                StorageCommitment.SOP_CLASS_UID,
                                StorageCommitment.SOP_INSTANCE_UID,
                                result.eventTypeId()),
                        peerMaxPdu);
                byte[] data = CommitmentDataSets.encodeResult(
                        result, contexts.get(contextId).transferSyntax());
                Pdus.writeDataSet(out, contextId, data, peerMaxPdu);
            } catch (IOException e) {
                awaitingReports.remove(messageId);
                LOG.debug("{} N-EVENT-REPORT could not be sent on this association: {}", label, e.toString());
                return false;
            }
        }
        try {
            int status = answer.get(settings.readTimeout().toMillis(), TimeUnit.MILLISECONDS);
            if (status != 0) {
                LOG.warn("{} N-EVENT-REPORT-RSP status {}", label, String.format("0x%04X", status));
            }
            return status == 0;
        } catch (TimeoutException | ExecutionException e) {
            awaitingReports.remove(messageId);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The association is over: reports waiting for a response will not get one here. */
    private void endReports() {
        synchronized (this) {
            serving = false;
        }
        for (CompletableFuture<Integer> waiting : awaitingReports.values()) {
            waiting.complete(-1);
        }
        awaitingReports.clear();
    }

    /** Ends an association after an out-of-memory C-STORE was answered. */
    private static final class HeapExhausted extends RuntimeException {
        HeapExhausted() {
            super(null, null, false, false);
        }
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

    /** Reads {@code length} data set bytes into the C-STORE in progress. */
    private void receiveData(int length) throws IOException {
        int left = length;
        while (left > 0) {
            int n = in.read(buffer, 0, Math.min(left, buffer.length));
            if (n < 0) {
                throw new EOFException();
            }
            left -= n;
            store.receive(buffer, 0, n);
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

    private void closeSocket() {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("{} closing socket failed: {}", label, e.toString());
        }
    }
}
