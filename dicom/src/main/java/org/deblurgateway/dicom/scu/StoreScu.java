package org.deblurgateway.dicom.scu;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.DicomOutputStream;
import com.pixelmed.dicom.DicomStreamCopier;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.network.AReleaseException;
import com.pixelmed.network.Association;
import com.pixelmed.network.AssociationFactory;
import com.pixelmed.network.CStoreRequestCommandMessage;
import com.pixelmed.network.CompositeResponseHandler;
import com.pixelmed.network.DicomNetworkException;
import com.pixelmed.network.PresentationContext;
import java.io.BufferedInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Field;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.deblurgateway.dicom.TransferSyntaxes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * C-STORE SCU: sends one stored DICOM file to a peer AE and reports the peer's actual C-STORE-RSP status.
 *
 * <p>Built on PixelMed's {@code Association} rather than {@code StorageSOPClassSCU}, which only reports
 * success/failure. The file is sent in the transfer syntax it is stored in; an uncompressed file additionally offers
 * explicit and implicit VR little endian (converted on the fly if the peer only accepts those), a compressed or deflated
 * file offers only its own syntax (no transcoding). One association per object. Thread-safe.
 */
public final class StoreScu {

    private static final Logger LOG = LoggerFactory.getLogger(StoreScu.class);

    /** 128-byte preamble + "DICM" + the (0002,0000) element itself (tag 4, VR 2, length 2, value 4). */
    private static final int META_BYTES_BEFORE_GROUP = 128 + 4 + 12;

    /**
     * Association set-up runs on its own thread: PixelMed opens the socket and waits for A-ASSOCIATE-AC inside a
     * constructor without any timeout, so the caller waits on a future and abandons it when the peer is silent.
     */
    private static final ExecutorService CONNECTOR = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "store-scu-connect-" + ConnectorThreads.NEXT.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });

    /**
     * Watches data-set sends: a socket write has no timeout of its own, so a peer that stops reading (its receive
     * buffer full) would block the sender forever. A send without progress for the response timeout has its socket
     * closed, which ends the blocked write.
     */
    private static final ScheduledExecutorService SEND_WATCHDOG = Executors.newSingleThreadScheduledExecutor(
            runnable -> {
                Thread thread = new Thread(runnable, "store-scu-send-watchdog");
                thread.setDaemon(true);
                return thread;
            });

    private final String callingAeTitle;
    private final Duration connectTimeout;
    private final Duration responseTimeout;

    /**
     * @param callingAeTitle  our AE title on outgoing associations (unless the destination names another)
     * @param connectTimeout  limit for the TCP connect plus the A-ASSOCIATE-AC/RJ answer
     * @param responseTimeout limit for each read from the peer once associated (C-STORE-RSP, A-RELEASE-RP), and for
     *                        a data set send without progress (a peer that stops reading)
     */
    public StoreScu(String callingAeTitle, Duration connectTimeout, Duration responseTimeout) {
        this.callingAeTitle = Objects.requireNonNull(callingAeTitle, "callingAeTitle");
        this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
        this.responseTimeout = Objects.requireNonNull(responseTimeout, "responseTimeout");
    }

    /**
     * Sends {@code file} to {@code destination}, as the destination's calling AE title or else our default one.
     * Never throws; every failure is a result.
     */
    public StoreResult store(Path file, Destination destination) {
        StoredObject object;
        try {
            object = StoredObject.read(file);
        } catch (NoSuchFileException e) {
            return StoreResult.failure(StoreResult.Outcome.LOCAL_ERROR, "file not found: " + file, false);
        } catch (IOException | DicomException | RuntimeException e) {
            return StoreResult.failure(StoreResult.Outcome.LOCAL_ERROR,
                    "cannot read DICOM file " + file + ": " + e.getMessage(), false);
        }
        if (object.problem() != null) {
            return StoreResult.failure(StoreResult.Outcome.LOCAL_ERROR, object.problem() + ": " + file, false);
        }

        Association association;
        try {
            association = associate(destination, destination.callingAeTitle().orElse(callingAeTitle), object);
        } catch (AssociationFailure failure) {
            return failure.result;
        }
        return sendOnAssociation(association, object, destination);
    }

    private StoreResult sendOnAssociation(Association association, StoredObject object, Destination destination) {
        boolean released = false;
        Socket socket = socketOf(association);
        SendWatch watch = null;
        try {
            setReadTimeout(socket);
            byte contextId;
            String syntax;
            try {
                contextId = pickPresentationContext(association, object);
                syntax = association.getTransferSyntaxForPresentationContextID(contextId);
            } catch (DicomNetworkException e) {
                release(association);
                released = true;
                return StoreResult.failure(StoreResult.Outcome.NO_PRESENTATION_CONTEXT,
                        "peer " + destination.address() + " accepted no presentation context for SOP class "
                                + object.sopClassUid() + " in " + object.offeredSyntaxes(), true);
            }
            StatusHandler handler = new StatusHandler();
            association.setReceivedDataHandler(handler);
            CStoreRequestCommandMessage command =
                    new CStoreRequestCommandMessage(object.sopClassUid(), object.sopInstanceUid());
            watch = new SendWatch(socket, responseTimeout);
            association.send(contextId, command.getBytes(), null);
            sendDataSet(association, contextId, syntax, object, watch);
            watch.close();
            association.waitForCommandPDataPDUs();
            if (!handler.answered()) {
                association.abort();
                released = true;
                return StoreResult.failure(StoreResult.Outcome.ABORTED, "no C-STORE-RSP from " + destination.address(), true);
            }
            StoreResult result = StoreResult.ofStatus(handler.getStatus(), syntax);
            if (handler.errorComment() != null) {
                result = new StoreResult(result.outcome(), result.status(),
                        result.detail() + " (" + handler.errorComment() + ")", true, syntax);
            }
            release(association);
            released = true;
            return result;
        } catch (AReleaseException e) {
            released = true;
            return StoreResult.failure(StoreResult.Outcome.ABORTED,
                    "peer " + destination.address() + " released the association before answering", true);
        } catch (SocketTimeoutException e) {
            return StoreResult.failure(StoreResult.Outcome.TIMEOUT,
                    "no answer from " + destination.address() + " within " + responseTimeout, true);
        } catch (DicomNetworkException | IOException | DicomException | RuntimeException e) {
            if (watch != null && watch.fired()) {
                released = true; // the watchdog closed the socket; nothing left to abort
                return StoreResult.failure(StoreResult.Outcome.TIMEOUT, "peer " + destination.address()
                        + " stopped reading the data set for more than " + responseTimeout, true);
            }
            if (isTimeout(e)) {
                return StoreResult.failure(StoreResult.Outcome.TIMEOUT,
                        "no answer from " + destination.address() + " within " + responseTimeout, true);
            }
            return StoreResult.failure(StoreResult.Outcome.ABORTED,
                    "association with " + destination.address() + " failed: " + e, true);
        } finally {
            if (watch != null) {
                watch.close();
            }
            if (!released) {
                abortQuietly(association);
            }
        }
    }

    private Association associate(Destination destination, String callingAe, StoredObject object)
            throws AssociationFailure {
        LinkedList<PresentationContext> contexts = object.presentationContexts();
        Object lock = new Object();
        boolean[] abandoned = {false};
        Future<Association> pending = CONNECTOR.submit(() -> {
            Association created = AssociationFactory.createNewAssociation(destination.host(), destination.port(),
                    destination.calledAeTitle(), callingAe, contexts, null, false);
            synchronized (lock) {
                if (abandoned[0]) {
                    abortQuietly(created);
                }
            }
            return created;
        });
        try {
            return pending.get(connectTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            abandon(pending, lock, abandoned);
            throw new AssociationFailure(StoreResult.failure(StoreResult.Outcome.TIMEOUT,
                    "no association with " + destination.address() + " within " + connectTimeout, false));
        } catch (InterruptedException e) {
            abandon(pending, lock, abandoned);
            Thread.currentThread().interrupt();
            throw new AssociationFailure(StoreResult.failure(StoreResult.Outcome.ABORTED,
                    "interrupted while associating with " + destination.address(), false));
        } catch (ExecutionException e) {
            throw new AssociationFailure(classifyAssociationFailure(e.getCause(), destination));
        }
    }

    private static void abandon(Future<Association> pending, Object lock, boolean[] abandoned) {
        synchronized (lock) {
            abandoned[0] = true;
            if (pending.isDone()) {
                try {
                    abortQuietly(pending.get());
                } catch (InterruptedException | ExecutionException ignored) {
                    // nothing was established, nothing to abort
                }
            }
        }
        pending.cancel(true);
    }

    static StoreResult classifyAssociationFailure(Throwable cause, Destination destination) {
        String message = String.valueOf(cause.getMessage());
        if (cause instanceof DicomNetworkException && message.startsWith("A-ASSOCIATE-RJ")) {
            boolean permanent = message.contains("rejected-permanent");
            return StoreResult.failure(permanent ? StoreResult.Outcome.ASSOCIATION_REJECTED_PERMANENT
                    : StoreResult.Outcome.ASSOCIATION_REJECTED_TRANSIENT,
                    "association rejected by " + destination.address() + ": " + message.replace('\n', ' ').trim(), false);
        }
        // PixelMed wraps socket exceptions into DicomNetworkException("A-P-ABORT indication - ... <exception>").
        if (cause instanceof ConnectException || cause instanceof UnknownHostException
                || cause instanceof NoRouteToHostException || message.contains("java.net.ConnectException")
                || message.contains("java.net.UnknownHostException")
                || message.contains("java.net.NoRouteToHostException")) {
            return StoreResult.failure(StoreResult.Outcome.CONNECT_FAILED,
                    "cannot connect to " + destination.address() + ": " + cause, false);
        }
        if (isTimeout(cause)) {
            return StoreResult.failure(StoreResult.Outcome.TIMEOUT,
                    "no association with " + destination.address() + ": " + cause, false);
        }
        return StoreResult.failure(StoreResult.Outcome.ABORTED,
                "association with " + destination.address() + " failed: " + message.replace('\n', ' ').trim(), false);
    }

    private static boolean isTimeout(Throwable failure) {
        return failure instanceof SocketTimeoutException || failure.getCause() instanceof SocketTimeoutException
                || String.valueOf(failure.getMessage()).contains("java.net.SocketTimeoutException");
    }

    private static byte pickPresentationContext(Association association, StoredObject object)
            throws DicomNetworkException {
        try {
            return association.getSuitablePresentationContextID(object.sopClassUid(), object.transferSyntaxUid());
        } catch (DicomNetworkException notInOwnSyntax) {
            if (!object.uncompressed()) {
                throw notInOwnSyntax;
            }
            // Accepted only in one of the other uncompressed syntaxes we offered: the data set is converted on the fly.
            return association.getSuitablePresentationContextID(object.sopClassUid());
        }
    }

    private static void sendDataSet(Association association, byte contextId, String syntax, StoredObject object,
            SendWatch watch) throws DicomNetworkException, IOException, DicomException {
        OutputStream out = watch.watched(association.getAssociationOutputStream(contextId));
        if (syntax.equals(object.transferSyntaxUid())) {
            // Same syntax: the stored bytes after the meta header go out unchanged (also right for deflate).
            try (InputStream in = new BufferedInputStream(Files.newInputStream(object.file()))) {
                in.skipNBytes(object.dataSetOffset());
                in.transferTo(out);
            }
            out.close();
        } else {
            try (DicomInputStream in = new DicomInputStream(
                    new BufferedInputStream(Files.newInputStream(object.file())))) {
                new AttributeList().readOnlyMetaInformationHeader(in);
                // DicomStreamCopier closes the output stream, which sends the last fragment.
                new DicomStreamCopier(in, new DicomOutputStream(out, null, syntax));
            }
        }
    }

    /** PixelMed keeps the association's socket to itself; timeouts need it. Null if it cannot be had. */
    private static Socket socketOf(Association association) {
        try {
            Field socketField = Association.class.getDeclaredField("socket");
            socketField.setAccessible(true);
            return (Socket) socketField.get(association);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("DGW-SCU-001 cannot reach the association socket; a silent peer may block this sender: {}",
                    e.toString());
            return null;
        }
    }

    private void setReadTimeout(Socket socket) {
        if (socket == null) {
            return;
        }
        try {
            socket.setSoTimeout(Math.toIntExact(Math.max(1, responseTimeout.toMillis())));
        } catch (IOException | RuntimeException e) {
            LOG.warn("DGW-SCU-001 cannot set the response timeout on the association socket; a silent peer may "
                    + "block this sender: {}", e.toString());
        }
    }

    /** Progress of one send; closes the socket when no write has completed for the limit. */
    private static final class SendWatch implements AutoCloseable {
        private final Socket socket;
        private final long limitNanos;
        private volatile long lastProgress = System.nanoTime();
        private volatile boolean fired;
        private final ScheduledFuture<?> check;

        SendWatch(Socket socket, Duration limit) {
            this.socket = socket;
            this.limitNanos = limit.toNanos();
            long period = Math.max(10, Math.min(1000, limit.toMillis() / 4));
            this.check = socket == null ? null
                    : SEND_WATCHDOG.scheduleWithFixedDelay(this::check, period, period, TimeUnit.MILLISECONDS);
        }

        private void check() {
            if (!fired && System.nanoTime() - lastProgress > limitNanos) {
                fired = true;
                try {
                    socket.close(); // ends a write blocked on a full peer buffer; A-ABORT would block the same way
                } catch (IOException e) {
                    LOG.debug("closing a stalled association socket failed: {}", e.toString());
                }
                check.cancel(false);
            }
        }

        boolean fired() {
            return fired;
        }

        OutputStream watched(OutputStream out) {
            return new FilterOutputStream(out) {
                @Override
                public void write(int b) throws IOException {
                    out.write(b);
                    lastProgress = System.nanoTime();
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                    lastProgress = System.nanoTime();
                }

                @Override
                public void flush() throws IOException {
                    out.flush();
                    lastProgress = System.nanoTime();
                }

                @Override
                public void close() throws IOException {
                    out.close();
                    lastProgress = System.nanoTime();
                }
            };
        }

        @Override
        public void close() {
            if (check != null) {
                check.cancel(false);
            }
        }
    }

    private static void release(Association association) {
        try {
            association.release();
        } catch (DicomNetworkException | RuntimeException e) {
            LOG.debug("A-RELEASE failed, aborting: {}", e.toString());
            abortQuietly(association);
        }
    }

    private static void abortQuietly(Association association) {
        try {
            association.abort();
        } catch (DicomNetworkException | RuntimeException e) {
            LOG.debug("A-ABORT failed: {}", e.toString());
        }
    }

    /** Thrown inside this class when no association could be made; carries the result to return. */
    private static final class AssociationFailure extends Exception {
        private final transient StoreResult result;

        AssociationFailure(StoreResult result) {
            super(result.detail(), null, false, false);
            this.result = result;
        }
    }

    /** Reads the Status and Error Comment of a C-STORE-RSP. */
    private static final class StatusHandler extends CompositeResponseHandler {
        private boolean answered;
        private String errorComment;

        @Override
        protected void evaluateStatusAndSetSuccess(AttributeList list) {
            answered = true;
            status = Attribute.getSingleIntegerValueOrDefault(list, TagFromName.Status, 0xFFFF);
            errorComment = Attribute.getSingleStringValueOrNull(list, TagFromName.ErrorComment);
            success = status == 0x0000 || status == 0xB000 || status == 0xB006 || status == 0xB007;
        }

        boolean answered() {
            return answered;
        }

        String errorComment() {
            return errorComment;
        }
    }

    /** The meta information of a stored file that decides what is offered and how it is sent. */
    private record StoredObject(Path file, String sopClassUid, String sopInstanceUid, String transferSyntaxUid,
            long dataSetOffset, String problem) {

        static StoredObject read(Path file) throws IOException, DicomException {
            try (DicomInputStream in = new DicomInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
                if (!in.haveMetaHeader()) {
                    return new StoredObject(file, null, null, null, 0, "no DICOM file meta information (Part 10)");
                }
                AttributeList meta = new AttributeList();
                meta.readOnlyMetaInformationHeader(in);
                String sopClass = Attribute.getSingleStringValueOrNull(meta, TagFromName.MediaStorageSOPClassUID);
                String sopInstance =
                        Attribute.getSingleStringValueOrNull(meta, TagFromName.MediaStorageSOPInstanceUID);
                String syntax = Attribute.getSingleStringValueOrNull(meta, TagFromName.TransferSyntaxUID);
                long groupLength = Attribute.getSingleLongValueOrDefault(meta,
                        TagFromName.FileMetaInformationGroupLength, -1);
                String problem = null;
                if (sopClass == null || sopClass.isBlank()) {
                    problem = "no Media Storage SOP Class UID in the meta information";
                } else if (sopInstance == null || sopInstance.isBlank()) {
                    problem = "no Media Storage SOP Instance UID in the meta information";
                } else if (syntax == null || syntax.isBlank()) {
                    problem = "no Transfer Syntax UID in the meta information";
                } else if (groupLength <= 0) {
                    problem = "no File Meta Information Group Length";
                }
                return new StoredObject(file, trim(sopClass), trim(sopInstance), trim(syntax),
                        META_BYTES_BEFORE_GROUP + groupLength, problem);
            }
        }

        private static String trim(String uid) {
            return uid == null ? null : uid.trim();
        }

        boolean uncompressed() {
            return TransferSyntaxes.isUncompressed(transferSyntaxUid);
        }

        List<String> offeredSyntaxes() {
            List<String> syntaxes = new ArrayList<>();
            syntaxes.add(transferSyntaxUid);
            if (uncompressed()) {
                for (String extra : List.of(TransferSyntaxes.EXPLICIT_VR_LITTLE_ENDIAN,
                        TransferSyntaxes.IMPLICIT_VR_LITTLE_ENDIAN)) {
                    if (!syntaxes.contains(extra)) {
                        syntaxes.add(extra);
                    }
                }
            }
            return syntaxes;
        }

        /** One presentation context per offered syntax, own syntax first, so the peer can accept any of them. */
        LinkedList<PresentationContext> presentationContexts() {
            LinkedList<PresentationContext> contexts = new LinkedList<>();
            byte id = 1;
            for (String syntax : offeredSyntaxes()) {
                contexts.add(new PresentationContext(id, sopClassUid, syntax));
                id += 2;
            }
            return contexts;
        }
    }

    /** Names connector threads uniquely. */
    private static final class ConnectorThreads {
        static final AtomicInteger NEXT = new AtomicInteger();
    }
}
