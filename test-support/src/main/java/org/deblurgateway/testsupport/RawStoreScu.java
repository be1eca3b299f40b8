package org.deblurgateway.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;

/**
 * A deliberately minimal C-STORE SCU that puts bytes on the wire exactly as given: one association, one presentation
 * context, the data set bytes as they are (no parsing, no repair), then whatever the peer does is reported. storescu
 * parses a file before sending and refuses broken ones (and cannot propose every syntax), so this is how the tests
 * show a listener's behaviour on bad bytes (DICOM PS3.8 section 9 PDUs, PS3.7 C-STORE-RQ command in implicit VR
 * little endian). It encodes everything itself, so it shares no code with the listener it tests.
 */
public final class RawStoreScu implements AutoCloseable {

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private int maxPdv;
    private int messageId;

    private RawStoreScu(int port, int timeoutMillis) throws IOException {
        socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
            socket.setSoTimeout(timeoutMillis);
            in = new DataInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** How the peer answered. */
    public enum Kind {
        /** C-STORE-RSP received; {@link Outcome#status()} holds the status. */
        STATUS,
        /** A-ASSOCIATE-RJ. */
        ASSOCIATION_REJECTED,
        /** Association accepted but the presentation context was not. */
        CONTEXT_REJECTED,
        /** A-ABORT from the peer. */
        ABORTED,
        /** The connection closed without a response. */
        CLOSED,
        /** No response within the timeout. */
        TIMEOUT
    }

    /** The peer's answer to one raw C-STORE. */
    public record Outcome(Kind kind, int status, String detail) {

        public boolean success() {
            return kind == Kind.STATUS && (status == 0x0000);
        }

        /**
         * Refused in any way that leaves the sender in no doubt: a failure status (not Success, not a Warning
         * 0xBxxx), a reject, an abort, or the connection closed without a response (an abort without the PDU).
         */
        public boolean refused() {
            return (kind == Kind.STATUS && status != 0x0000 && (status & 0xF000) != 0xB000)
                    || kind == Kind.ASSOCIATION_REJECTED
                    || kind == Kind.CONTEXT_REJECTED
                    || kind == Kind.ABORTED
                    || kind == Kind.CLOSED;
        }

        @Override
        public String toString() {
            return kind == Kind.STATUS ? "C-STORE-RSP status 0x" + String.format("%04X", status) : kind + " " + detail;
        }
    }

    /**
     * One association, one C-STORE-RQ with {@code dataSet} as its data set, then release; every way the peer can
     * answer is an {@link Outcome}, none an exception.
     *
     * @param timeoutMillis bound for every read; a peer that answers nothing in time yields {@link Kind#TIMEOUT}
     */
    public static Outcome store(
            int port,
            String callingAe,
            String calledAe,
            String sopClassUid,
            String sopInstanceUid,
            String transferSyntaxUid,
            byte[] dataSet,
            int timeoutMillis)
            throws IOException {
        try (RawStoreScu scu = new RawStoreScu(port, timeoutMillis)) {
            Outcome refused = scu.requestAssociation(callingAe, calledAe, sopClassUid, transferSyntaxUid);
            if (refused != null) {
                return refused;
            }
            Outcome outcome = scu.send(sopClassUid, sopInstanceUid, dataSet, () -> {});
            if (outcome.kind == Kind.STATUS) {
                scu.releaseQuietly();
            }
            return outcome;
        }
    }

    /**
     * Associates as RAWSCU with DEBLUR on one presentation context (id 1), for several C-STOREs on it; fails unless
     * the association and the context are accepted. Reads are bounded to 20 s.
     */
    public static RawStoreScu associate(int port, String abstractSyntax, String transferSyntax) throws IOException {
        RawStoreScu scu = new RawStoreScu(port, 20000);
        Outcome refused = scu.requestAssociation("RAWSCU", "DEBLUR", abstractSyntax, transferSyntax);
        if (refused != null) {
            scu.close();
            throw new IOException("association not accepted: " + refused);
        }
        return scu;
    }

    /** Sends a C-STORE-RQ with {@code dataSet} as its data and returns the status; fails on any other answer. */
    public int store(String sopClass, String sopInstance, byte[] dataSet) throws IOException {
        return store(sopClass, sopInstance, dataSet, () -> {});
    }

    /** As {@link #store(String, String, byte[])}, running {@code midway} after the command and the first data PDV. */
    public int store(String sopClass, String sopInstance, byte[] dataSet, Runnable midway) throws IOException {
        Outcome outcome = send(sopClass, sopInstance, dataSet, midway);
        if (outcome.kind != Kind.STATUS) {
            throw new IOException("no C-STORE-RSP: " + outcome);
        }
        return outcome.status;
    }

    /** A-RELEASE-RQ; fails unless the peer answers A-RELEASE-RP. */
    public void release() throws IOException {
        out.write(new byte[] {(byte) RawPdus.RELEASE_RQ, 0, 0, 0, 0, 4, 0, 0, 0, 0});
        out.flush();
        RawPdus.Pdu rp = RawPdus.Pdu.read(in);
        if (rp.type() != RawPdus.RELEASE_RP) {
            throw new IOException("expected A-RELEASE-RP, got PDU type " + rp.type());
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** Sends the A-ASSOCIATE-RQ; null when the association and its context are accepted, else how they were not. */
    private Outcome requestAssociation(String callingAe, String calledAe, String sopClassUid, String transferSyntaxUid)
            throws IOException {
        out.write(RawPdus.associateRq(callingAe, calledAe, sopClassUid, transferSyntaxUid));
        out.flush();
        RawPdus.Pdu ac;
        try {
            ac = RawPdus.Pdu.read(in);
        } catch (SocketTimeoutException e) {
            return new Outcome(Kind.TIMEOUT, -1, "no A-ASSOCIATE answer");
        } catch (EOFException e) {
            return new Outcome(Kind.CLOSED, -1, "closed before A-ASSOCIATE answer");
        }
        if (ac.type() == RawPdus.ASSOCIATE_RJ) {
            return new Outcome(Kind.ASSOCIATION_REJECTED, -1, "A-ASSOCIATE-RJ");
        }
        if (ac.type() == RawPdus.A_ABORT) {
            return new Outcome(Kind.ABORTED, -1, "A-ABORT at association");
        }
        if (ac.type() != RawPdus.ASSOCIATE_AC) {
            return new Outcome(Kind.CLOSED, -1, "unexpected PDU type " + ac.type());
        }
        RawPdus.AcceptInfo accept = RawPdus.AcceptInfo.parse(ac.body());
        if (!accept.contextAccepted()) {
            return new Outcome(Kind.CONTEXT_REJECTED, -1, "presentation context result " + accept.contextResult());
        }
        maxPdv = Math.max(
                1024,
                (accept.peerMaxPdu() == 0 ? RawPdus.MAX_PDU : Math.min(accept.peerMaxPdu(), RawPdus.MAX_PDU)) - 6);
        return null;
    }

    private Outcome send(String sopClassUid, String sopInstanceUid, byte[] dataSet, Runnable midway)
            throws IOException {
        try {
            RawPdus.writePdvs(out, RawPdus.command(sopClassUid, sopInstanceUid, ++messageId), true, maxPdv, () -> {});
            RawPdus.writePdvs(out, dataSet, false, maxPdv, midway);
            out.flush();
        } catch (IOException e) {
            // The peer may abort while we are still sending: read what it said.
            return readAnswer(in, "while sending: " + e.getMessage());
        }
        return readAnswer(in, "");
    }

    private void releaseQuietly() {
        try {
            release();
        } catch (IOException e) {
            // The answer is already in hand; a peer that drops the connection at release changes nothing.
        }
    }

    private static Outcome readAnswer(DataInputStream in, String context) throws IOException {
        ByteArrayOutputStream commandBytes = new ByteArrayOutputStream();
        try {
            while (true) {
                RawPdus.Pdu pdu = RawPdus.Pdu.read(in);
                if (pdu.type() == RawPdus.A_ABORT) {
                    return new Outcome(Kind.ABORTED, -1, "A-ABORT " + context);
                }
                if (pdu.type() != RawPdus.P_DATA_TF) {
                    return new Outcome(Kind.CLOSED, -1, "unexpected PDU type " + pdu.type() + " " + context);
                }
                ByteBuffer body = ByteBuffer.wrap(pdu.body());
                boolean last = false;
                while (body.remaining() >= 6) {
                    int length = body.getInt();
                    body.get();
                    int header = body.get() & 0xFF;
                    byte[] value = new byte[length - 2];
                    body.get(value);
                    if ((header & 0x01) != 0) {
                        commandBytes.writeBytes(value);
                        last |= (header & 0x02) != 0;
                    }
                }
                if (last) {
                    return new Outcome(Kind.STATUS, RawPdus.statusOf(commandBytes.toByteArray()), context);
                }
            }
        } catch (SocketTimeoutException e) {
            return new Outcome(Kind.TIMEOUT, -1, "no response " + context);
        } catch (EOFException | SocketException e) {
            return new Outcome(Kind.CLOSED, -1, "connection closed " + context + " (" + e.getMessage() + ")");
        }
    }
}
