package org.deblurgateway.dicom.scu;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.DicomOutputStream;
import com.pixelmed.dicom.DicomStreamCopier;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.deblurgateway.dicom.net.DimseCommand;
import org.deblurgateway.dicom.net.PresentationContextDecision;
import org.deblurgateway.dicom.net.ProtocolException;
import org.deblurgateway.dicom.tls.DicomTls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * C-STORE SCU: sends one stored DICOM file to a peer AE and reports the peer's actual C-STORE-RSP status.
 *
 * <p>The file is sent in the transfer syntax it is stored in; an uncompressed file additionally offers explicit and
 * implicit VR little endian (converted on the fly if the peer only accepts those), a compressed or deflated file
 * offers only its own syntax (no transcoding). Associations are sockets of our own ({@link OutgoingAssociation}),
 * kept open between objects for the idle timeout ({@link AssociationPool}): an object goes on an idle association
 * to its destination that proposed its contexts, else on a new one that proposes its contexts and those of the
 * objects sent there before. An idle association the peer broke or aborted is not counted as an attempt: the object
 * goes on a new association at once, and a failure there is the attempt's result. Thread-safe; every sender has its
 * association to itself.
 */
public final class StoreScu implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StoreScu.class);

    /** The status a C-STORE-RSP without a Status element counts as (none of the defined ones). */
    private static final int MISSING_STATUS = 0xFFFF;

    private final String callingAeTitle;
    private final Duration connectTimeout;
    private final Duration responseTimeout;
    private final Optional<DicomTls> tls;
    private final AssociationPool pool;

    /** What a send left: the result, and whether its association can carry another object. */
    private record Sent(StoreResult result, boolean associationUsable) {}

    /**
     * A sender for plain DICOM destinations only ({@link Destination#tls()} ones fail with a local error), one
     * association per object.
     */
    public StoreScu(String callingAeTitle, Duration connectTimeout, Duration responseTimeout) {
        this(callingAeTitle, connectTimeout, responseTimeout, Optional.empty());
    }

    /** One association per object. */
    public StoreScu(String callingAeTitle, Duration connectTimeout, Duration responseTimeout, Optional<DicomTls> tls) {
        this(callingAeTitle, connectTimeout, responseTimeout, tls, Duration.ZERO);
    }

    /**
     * @param callingAeTitle  our AE title on outgoing associations (unless the destination names another)
     * @param connectTimeout  limit for the TCP connect plus the A-ASSOCIATE-AC/RJ answer
     * @param responseTimeout limit for each read from the peer once associated (C-STORE-RSP, A-RELEASE-RP), and for
     *                        a data set send without progress (a peer that stops reading)
     * @param tls             TLS for {@link Destination#tls()} destinations (its trust store verifies them; its key
     *                        store, if any, is our client certificate)
     * @param idleTimeout     how long an association stays open without an object before it is released; zero:
     *                        released after each object
     */
    public StoreScu(
            String callingAeTitle,
            Duration connectTimeout,
            Duration responseTimeout,
            Optional<DicomTls> tls,
            Duration idleTimeout) {
        this.callingAeTitle = Objects.requireNonNull(callingAeTitle, "callingAeTitle");
        this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
        this.responseTimeout = Objects.requireNonNull(responseTimeout, "responseTimeout");
        this.tls = Objects.requireNonNull(tls, "tls");
        this.pool = new AssociationPool(idleTimeout);
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
            return StoreResult.failure(
                    StoreResult.Outcome.LOCAL_ERROR, "cannot read DICOM file " + file + ": " + e.getMessage(), false);
        }
        if (object.problem() != null) {
            return StoreResult.failure(StoreResult.Outcome.LOCAL_ERROR, object.problem() + ": " + file, false);
        }

        AssociationPool.Key key = new AssociationPool.Key(
                destination, destination.callingAeTitle().orElse(callingAeTitle));
        Optional<Semaphore> slots = pool.slotsOf(key);
        if (slots.isEmpty()) {
            return store(key, object, destination);
        }
        try {
            if (!slots.get().tryAcquire(connectTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return StoreResult.failure(
                        StoreResult.Outcome.TIMEOUT,
                        "all " + destination.maxAssociations() + " association(s) allowed with " + destination.address()
                                + " (max-associations) stayed busy for " + connectTimeout,
                        false);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return StoreResult.failure(
                    StoreResult.Outcome.LOCAL_ERROR,
                    "interrupted while waiting for a free association with " + destination.address(),
                    false);
        }
        try {
            return store(key, object, destination);
        } finally {
            slots.get().release();
        }
    }

    /** The object on an idle association of the pool, or on a new one. */
    private StoreResult store(AssociationPool.Key key, StoredObject object, Destination destination) {
        Optional<OutgoingAssociation> idle = pool.take(key, object);
        if (idle.isPresent()) {
            Sent sent = send(idle.get(), object, destination);
            if (sent.associationUsable()) {
                pool.giveBack(key, idle.get());
            }
            if (sent.result().outcome() != StoreResult.Outcome.ABORTED) {
                return sent.result();
            }
            // The peer broke or aborted the association while it was idle or during this object (no status came
            // back): that is about the association, not the object, so a new one carries it now. The peer may hold
            // the object already if only its response was lost; sending again is what at-least-once allows.
            LOG.debug("pooled association to {} failed ({}); sending on a new one", destination, sent.result());
        }
        return storeOnNewAssociation(key, object, destination);
    }

    private StoreResult storeOnNewAssociation(AssociationPool.Key key, StoredObject object, Destination destination) {
        OutgoingAssociation association;
        long opening = pool.opening(key);
        try {
            association = OutgoingAssociation.open(
                    destination,
                    key.callingAeTitle(),
                    pool.proposalsFor(key, object),
                    connectTimeout,
                    responseTimeout,
                    tls);
        } catch (OutgoingAssociation.TlsNotConfiguredException e) {
            return StoreResult.failure(StoreResult.Outcome.LOCAL_ERROR, e.getMessage(), false);
        } catch (OutgoingAssociation.RejectedException e) {
            return StoreResult.failure(
                    e.reject().permanent()
                            ? StoreResult.Outcome.ASSOCIATION_REJECTED_PERMANENT
                            : StoreResult.Outcome.ASSOCIATION_REJECTED_TRANSIENT,
                    "association rejected by " + destination.address() + ": " + e.reject(),
                    false);
        } catch (ConnectException | UnknownHostException | NoRouteToHostException e) {
            return StoreResult.failure(
                    StoreResult.Outcome.CONNECT_FAILED, "cannot connect to " + destination.address() + ": " + e, false);
        } catch (SocketTimeoutException e) {
            return StoreResult.failure(
                    StoreResult.Outcome.TIMEOUT,
                    "no association with " + destination.address() + " within " + connectTimeout,
                    false);
        } catch (SSLException e) {
            LOG.warn("DGW-TLS-002 TLS handshake with destination {} failed: {}", destination, e.getMessage());
            return StoreResult.failure(
                    StoreResult.Outcome.CONNECT_FAILED,
                    "TLS handshake with " + destination.address() + " failed: " + e.getMessage(),
                    false);
        } catch (IOException | ProtocolException | RuntimeException e) {
            return StoreResult.failure(
                    StoreResult.Outcome.ABORTED, "association with " + destination.address() + " failed: " + e, false);
        } finally {
            pool.opened(key, opening);
        }
        LOG.debug("association to {} opened", destination);
        Sent sent = send(association, object, destination);
        if (sent.associationUsable()) {
            pool.giveBack(key, association);
        }
        return sent.result();
    }

    /** Releases the idle associations; an association in use is released when its send ends. */
    @Override
    public void close() {
        pool.close();
    }

    /** One C-STORE on {@code association}; a failure that leaves it unusable has aborted or closed it. */
    private Sent send(OutgoingAssociation association, StoredObject object, Destination destination) {
        Optional<PresentationContextDecision> context = pickPresentationContext(association, object);
        if (context.isEmpty()) {
            // Every context of the object was proposed and refused; the association serves other objects still.
            return new Sent(
                    StoreResult.failure(
                            StoreResult.Outcome.NO_PRESENTATION_CONTEXT,
                            "peer " + destination.address() + " accepted no presentation context for SOP class "
                                    + object.sopClassUid() + " in " + object.offeredSyntaxes(),
                            true),
                    true);
        }
        int contextId = context.get().id();
        String syntax = context.get().transferSyntax();
        SendWatch watch = new SendWatch(association::closeSocket, responseTimeout);
        try {
            association.sendCommand(
                    contextId,
                    DimseCommand.storeRequest(
                            association.nextMessageId(), object.sopClassUid(), object.sopInstanceUid()));
            sendDataSet(watch.watched(association.dataSet(contextId)), syntax, object);
            watch.close();
            DimseCommand response = association.readCommand();
            if (response.commandField() != DimseCommand.C_STORE_RSP) {
                association.abort();
                return unusable(StoreResult.failure(
                        StoreResult.Outcome.ABORTED, "no C-STORE-RSP from " + destination.address(), true));
            }
            int status = response.status() == DimseCommand.NO_STATUS ? MISSING_STATUS : response.status();
            StoreResult result = StoreResult.ofStatus(status, syntax);
            if (response.errorComment() != null) {
                result = new StoreResult(
                        result.outcome(),
                        result.status(),
                        result.detail() + " (" + response.errorComment() + ")",
                        true,
                        syntax);
            }
            return new Sent(result, true);
        } catch (OutgoingAssociation.PeerReleasedException e) {
            association.closeSocket();
            return unusable(StoreResult.failure(
                    StoreResult.Outcome.ABORTED,
                    "peer " + destination.address() + " released the association before answering",
                    true));
        } catch (SocketTimeoutException e) {
            association.abort();
            return unusable(StoreResult.failure(
                    StoreResult.Outcome.TIMEOUT,
                    "no answer from " + destination.address() + " within " + responseTimeout,
                    true));
        } catch (IOException | ProtocolException | DicomException | RuntimeException e) {
            if (watch.fired()) {
                // The watchdog closed the socket; nothing left to abort.
                return unusable(StoreResult.failure(
                        StoreResult.Outcome.TIMEOUT,
                        "peer " + destination.address() + " stopped reading the data set for more than "
                                + responseTimeout,
                        true));
            }
            association.abort();
            return unusable(StoreResult.failure(
                    StoreResult.Outcome.ABORTED, "association with " + destination.address() + " failed: " + e, true));
        } finally {
            watch.close();
        }
    }

    private static Sent unusable(StoreResult result) {
        return new Sent(result, false);
    }

    /**
     * The object's own syntax if accepted, else another of the syntaxes it offers (an uncompressed object only: the
     * data set is converted on the fly). Never a context of another syntax that an earlier object brought along.
     */
    private static Optional<PresentationContextDecision> pickPresentationContext(
            OutgoingAssociation association, StoredObject object) {
        for (String syntax : object.offeredSyntaxes()) {
            Optional<PresentationContextDecision> context = association.accepted(object.sopClassUid(), syntax);
            if (context.isPresent()) {
                return context;
            }
        }
        return Optional.empty();
    }

    private static void sendDataSet(OutputStream out, String syntax, StoredObject object)
            throws IOException, DicomException {
        if (syntax.equals(object.transferSyntaxUid())) {
            // Same syntax: the stored bytes after the meta header go out unchanged (also right for deflate).
            try (InputStream in = new BufferedInputStream(Files.newInputStream(object.file()))) {
                in.skipNBytes(object.dataSetOffset());
                in.transferTo(out);
            }
            out.close();
        } else {
            try (DicomInputStream in =
                    new DicomInputStream(new BufferedInputStream(Files.newInputStream(object.file())))) {
                new AttributeList().readOnlyMetaInformationHeader(in);
                // DicomStreamCopier closes the output stream, which sends the last fragment.
                new DicomStreamCopier(in, new DicomOutputStream(out, null, syntax));
            }
        }
    }
}
