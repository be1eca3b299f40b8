package org.deblurgateway.dicom.scu;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.deblurgateway.dicom.net.AssociateAccept;
import org.deblurgateway.dicom.net.AssociateReject;
import org.deblurgateway.dicom.net.DimseCommand;
import org.deblurgateway.dicom.net.PDataOutputStream;
import org.deblurgateway.dicom.net.Pdus;
import org.deblurgateway.dicom.net.PresentationContextDecision;
import org.deblurgateway.dicom.net.PresentationContextProposal;
import org.deblurgateway.dicom.net.ProtocolException;
import org.deblurgateway.dicom.tls.DicomTls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An association we requested, over a socket we open and own: TCP connect within the connect timeout, TCP_NODELAY,
 * every read from the peer bounded by a timeout. Owning the socket is what lets a watchdog close it and a TLS socket
 * take its place: for a {@link Destination#tls()} peer the TLS handshake follows the connect, within the same limit. The requestor's side of PS3.8: A-ASSOCIATE, P-DATA, A-RELEASE, A-ABORT. One thread uses it;
 * {@link #closeSocket()} may come from any.
 */
final class OutgoingAssociation implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OutgoingAssociation.class);
    /** Largest P-DATA-TF we receive (we only receive short responses). */
    private static final int OUR_MAX_PDU = 65536;
    /** Largest PDU we send even to a peer that accepts more (or says unlimited). */
    private static final int MAX_PDU_SENT = 256 * 1024;
    /** Larger PDUs from the peer are refused rather than buffered. */
    private static final int MAX_PDU_READ = 1 << 20;

    private static final int BUFFER = 64 * 1024;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final AssociateAccept accept;
    private final List<PresentationContextProposal> proposed;
    /** Message ID of the next request on this association (PS3.7 9.1.1.1: unique among those outstanding). */
    private int nextMessageId = 1;

    /** The peer answered A-ASSOCIATE-RJ. */
    static final class RejectedException extends Exception {
        private final transient AssociateReject reject;

        RejectedException(AssociateReject reject) {
            super(reject.toString(), null, false, false);
            this.reject = reject;
        }

        AssociateReject reject() {
            return reject;
        }
    }

    /** The peer asked to release the association where it owed us a response. */
    static final class PeerReleasedException extends IOException {
        PeerReleasedException() {
            super("peer sent A-RELEASE-RQ");
        }
    }

    private OutgoingAssociation(
            Socket socket,
            DataInputStream in,
            OutputStream out,
            AssociateAccept accept,
            List<PresentationContextProposal> proposed) {
        this.socket = socket;
        this.in = in;
        this.out = out;
        this.accept = accept;
        this.proposed = List.copyOf(proposed);
    }

    /** The peer is a TLS destination but no TLS (a trust store) is configured: nothing was sent. */
    static final class TlsNotConfiguredException extends Exception {
        TlsNotConfiguredException(Destination destination) {
            super(
                    "destination " + destination.name() + " has tls: true but no TLS trust store is configured "
                            + "(gateway.dicom.tls.trust-store)",
                    null,
                    false,
                    false);
        }
    }

    /** Plain DICOM only: for callers that never reach a TLS destination. */
    static OutgoingAssociation open(
            Destination destination,
            String callingAeTitle,
            List<PresentationContextProposal> contexts,
            Duration connectTimeout,
            Duration responseTimeout)
            throws IOException, RejectedException, ProtocolException, TlsNotConfiguredException {
        return open(destination, callingAeTitle, contexts, connectTimeout, responseTimeout, Optional.empty());
    }

    /**
     * Connects to {@code destination} and negotiates {@code contexts}; the TCP connect, the TLS handshake (a TLS
     * destination) and the A-ASSOCIATE answer together take at most {@code connectTimeout}.
     *
     * @throws java.net.SocketTimeoutException when the connect or the answer took longer than the connect timeout
     * @throws RejectedException               when the peer rejected the association
     * @throws ProtocolException               when the peer answered something other than A-ASSOCIATE-AC/RJ
     * @throws javax.net.ssl.SSLException       when the TLS handshake failed (untrusted certificate, wrong host, ...)
     */
    static OutgoingAssociation open(
            Destination destination,
            String callingAeTitle,
            List<PresentationContextProposal> contexts,
            Duration connectTimeout,
            Duration responseTimeout,
            Optional<DicomTls> tls)
            throws IOException, RejectedException, ProtocolException, TlsNotConfiguredException {
        return open(destination, callingAeTitle, contexts, List.of(), connectTimeout, responseTimeout, tls);
    }

    /** As above, proposing that we take only the SCP role of each of {@code scpRoleFor} (PS3.7 D.3.3.4). */
    static OutgoingAssociation open(
            Destination destination,
            String callingAeTitle,
            List<PresentationContextProposal> contexts,
            List<String> scpRoleFor,
            Duration connectTimeout,
            Duration responseTimeout,
            Optional<DicomTls> tls)
            throws IOException, RejectedException, ProtocolException, TlsNotConfiguredException {
        if (destination.tls() && !tls.map(DicomTls::canVerifyPeers).orElse(false)) {
            throw new TlsNotConfiguredException(destination);
        }
        long deadline = System.nanoTime() + connectTimeout.toNanos();
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(destination.host(), destination.port()), millisUntil(deadline));
            if (destination.tls()) {
                socket = handshake(tls.get(), socket, destination, millisUntil(deadline));
            }
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), BUFFER));
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), BUFFER);
            out.write(Pdus.associateRequest(
                    destination.calledAeTitle(), callingAeTitle, contexts, OUR_MAX_PDU, scpRoleFor));
            out.flush();
            socket.setSoTimeout(millisUntil(deadline));
            int type = in.readUnsignedByte();
            byte[] body = readBody(in);
            switch (type) {
                case Pdus.ASSOCIATE_AC -> {
                    AssociateAccept accept = Pdus.parseAssociateAccept(body, contexts);
                    socket.setSoTimeout(millis(responseTimeout));
                    return new OutgoingAssociation(socket, in, out, accept, contexts);
                }
                case Pdus.ASSOCIATE_RJ -> throw new RejectedException(Pdus.parseAssociateReject(body));
                case Pdus.ABORT -> throw new ProtocolException("peer aborted the association request");
                default -> throw new ProtocolException("answer to A-ASSOCIATE-RQ is PDU type " + type);
            }
        } catch (IOException | RejectedException | ProtocolException | RuntimeException e) {
            closeQuietly(socket);
            throw e;
        }
    }

    /** TLS over the connected socket; a peer that drops the connection mid-handshake (e.g. speaks plain DICOM) too. */
    private static Socket handshake(DicomTls tls, Socket socket, Destination destination, int timeoutMillis)
            throws IOException {
        try {
            return tls.connect(socket, destination.host(), destination.port(), timeoutMillis);
        } catch (SSLException | SocketTimeoutException e) {
            throw e;
        } catch (IOException e) {
            SSLHandshakeException failed = new SSLHandshakeException(
                    "connection lost during the handshake (" + e + "); does the peer speak TLS on this port?");
            failed.initCause(e);
            throw failed;
        }
    }

    /** The first accepted context for {@code abstractSyntax} in {@code transferSyntax}. */
    Optional<PresentationContextDecision> accepted(String abstractSyntax, String transferSyntax) {
        return accept.accepted(abstractSyntax, transferSyntax);
    }

    /** The first accepted context for {@code abstractSyntax}, in the order we proposed. */
    Optional<PresentationContextDecision> accepted(String abstractSyntax) {
        return accept.accepted(abstractSyntax);
    }

    /** True when we proposed {@code abstractSyntax} in {@code transferSyntax} (accepted or not). */
    boolean proposed(String abstractSyntax, String transferSyntax) {
        return proposed.stream()
                .anyMatch(p -> p.abstractSyntax().equals(abstractSyntax)
                        && p.transferSyntaxes().contains(transferSyntax));
    }

    /** The Message ID for the next request; a pooled association carries many. */
    int nextMessageId() {
        int id = nextMessageId;
        // Message ID is an unsigned short; one request is outstanding at a time, so wrapping is harmless.
        nextMessageId = id == 0xFFFF ? 1 : id + 1;
        return id;
    }

    /**
     * True while an idle association may carry another request: the socket is open and the peer has sent nothing
     * since its last response (bytes waiting are an A-ABORT or A-RELEASE-RQ of a peer that gave up on it). A peer that
     * merely closed the connection is found only by the next send; {@link StoreScu} then opens a new association.
     */
    boolean reusable() {
        if (socket.isClosed() || socket.isInputShutdown() || socket.isOutputShutdown()) {
            return false;
        }
        try {
            return in.available() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Sends a DIMSE command set on {@code contextId}. */
    void sendCommand(int contextId, byte[] command) throws IOException {
        Pdus.writeCommand(out, contextId, command, accept.maxPduLength());
    }

    /** A stream for the data set that follows a command on {@code contextId}; closing it sends the last fragment. */
    OutputStream dataSet(int contextId) {
        long peerMax = accept.maxPduLength() == 0 ? MAX_PDU_SENT : Math.min(accept.maxPduLength(), MAX_PDU_SENT);
        return new PDataOutputStream(out, contextId, (int) peerMax - 6);
    }

    /**
     * Reads the next DIMSE command from the peer, each read bounded by the response timeout.
     *
     * @throws java.net.SocketTimeoutException when the peer stays silent longer than the response timeout
     * @throws PeerReleasedException           when the peer sent A-RELEASE-RQ instead (answered with A-RELEASE-RP)
     * @throws ProtocolException               on A-ABORT, a data set fragment or a broken PDU
     */
    DimseCommand readCommand() throws IOException, ProtocolException {
        ByteArrayOutputStream command = new ByteArrayOutputStream(256);
        while (true) {
            int type = in.readUnsignedByte();
            byte[] body = readBody(in);
            switch (type) {
                case Pdus.P_DATA_TF -> {
                    int at = 0;
                    while (at < body.length) {
                        if (body.length - at < 6) {
                            throw new ProtocolException("P-DATA-TF ends inside a PDV header");
                        }
                        long itemLength = Pdus.u32(body, at);
                        int control = body[at + 5] & 0xFF;
                        if (itemLength < 2 || itemLength > body.length - at - 4) {
                            throw new ProtocolException("PDV item length " + itemLength + " does not fit its PDU");
                        }
                        if ((control & 0x01) == 0) {
                            throw new ProtocolException("data set fragment where a response command was expected");
                        }
                        command.write(body, at + 6, (int) itemLength - 2);
                        at += 4 + (int) itemLength;
                        if ((control & 0x02) != 0) {
                            return DimseCommand.parse(command.toByteArray());
                        }
                    }
                }
                case Pdus.RELEASE_RQ -> {
                    out.write(Pdus.releaseResponse());
                    out.flush();
                    throw new PeerReleasedException();
                }
                case Pdus.ABORT -> throw new ProtocolException("peer aborted the association");
                default -> throw new ProtocolException("unexpected PDU type " + type);
            }
        }
    }

    /** A-RELEASE: asks and waits for the answer (response timeout); aborts when none comes. */
    void release() {
        try {
            out.write(Pdus.releaseRequest());
            out.flush();
            int type = in.readUnsignedByte();
            readBody(in);
            if (type != Pdus.RELEASE_RP) {
                LOG.debug("answer to A-RELEASE-RQ is PDU type {}, aborting", type);
                abort();
            }
        } catch (IOException | ProtocolException | RuntimeException e) {
            LOG.debug("A-RELEASE failed, aborting: {}", e.toString());
            abort();
        } finally {
            closeSocket();
        }
    }

    /** A-ABORT, then the connection is closed. Never throws. */
    void abort() {
        try {
            if (!socket.isClosed()) {
                out.write(Pdus.userAbort());
                out.flush();
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("A-ABORT failed: {}", e.toString());
        } finally {
            closeSocket();
        }
    }

    /** Closes the connection; ends a write blocked on a peer that stopped reading. Any thread. */
    void closeSocket() {
        closeQuietly(socket);
    }

    @Override
    public void close() {
        closeSocket();
    }

    private static byte[] readBody(DataInputStream in) throws IOException, ProtocolException {
        in.readUnsignedByte();
        long length = Integer.toUnsignedLong(in.readInt());
        if (length > MAX_PDU_READ) {
            throw new ProtocolException("PDU of " + length + " bytes");
        }
        byte[] body = new byte[(int) length];
        in.readFully(body);
        return body;
    }

    private static int millisUntil(long deadlineNanos) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, (deadlineNanos - System.nanoTime()) / 1_000_000));
    }

    private static int millis(Duration timeout) {
        return Math.toIntExact(Math.max(1, timeout.toMillis()));
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("closing the association socket failed: {}", e.toString());
        }
    }
}
