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
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A deliberately minimal C-STORE SCU that puts bytes on the wire exactly as given: one association, one presentation
 * context, the data set bytes as they are (no parsing, no repair), then whatever the peer does is reported. storescu
 * parses a file before sending and refuses broken ones (and cannot propose every syntax), so this is how the tests
 * show a listener's behaviour on bad bytes (DICOM PS3.8 section 9 PDUs, PS3.7 C-STORE-RQ command in implicit VR
 * little endian). It encodes everything itself, so it shares no code with the listener it tests.
 */
public final class RawStoreScu implements AutoCloseable {

    private static final String APPLICATION_CONTEXT = "1.2.840.10008.3.1.1.1";
    private static final String IMPLEMENTATION_CLASS = "1.2.826.0.1.3680043.10.1234.1";
    private static final int MAX_PDU = 16384;
    private static final int ASSOCIATE_RQ = 0x01;
    private static final int ASSOCIATE_AC = 0x02;
    private static final int ASSOCIATE_RJ = 0x03;
    private static final int P_DATA_TF = 0x04;
    private static final int RELEASE_RQ = 0x05;
    private static final int RELEASE_RP = 0x06;
    private static final int A_ABORT = 0x07;

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
                    || kind == Kind.ASSOCIATION_REJECTED || kind == Kind.CONTEXT_REJECTED || kind == Kind.ABORTED
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
    public static Outcome store(int port, String callingAe, String calledAe, String sopClassUid, String sopInstanceUid,
            String transferSyntaxUid, byte[] dataSet, int timeoutMillis) throws IOException {
        try (RawStoreScu scu = new RawStoreScu(port, timeoutMillis)) {
            Outcome refused = scu.requestAssociation(callingAe, calledAe, sopClassUid, transferSyntaxUid);
            if (refused != null) {
                return refused;
            }
            Outcome outcome = scu.send(sopClassUid, sopInstanceUid, dataSet, () -> { });
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
        return store(sopClass, sopInstance, dataSet, () -> { });
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
        out.write(new byte[] {RELEASE_RQ, 0, 0, 0, 0, 4, 0, 0, 0, 0});
        out.flush();
        Pdu rp = Pdu.read(in);
        if (rp.type != RELEASE_RP) {
            throw new IOException("expected A-RELEASE-RP, got PDU type " + rp.type);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** Sends the A-ASSOCIATE-RQ; null when the association and its context are accepted, else how they were not. */
    private Outcome requestAssociation(String callingAe, String calledAe, String sopClassUid, String transferSyntaxUid)
            throws IOException {
        out.write(associateRq(callingAe, calledAe, sopClassUid, transferSyntaxUid));
        out.flush();
        Pdu ac;
        try {
            ac = Pdu.read(in);
        } catch (SocketTimeoutException e) {
            return new Outcome(Kind.TIMEOUT, -1, "no A-ASSOCIATE answer");
        } catch (EOFException e) {
            return new Outcome(Kind.CLOSED, -1, "closed before A-ASSOCIATE answer");
        }
        if (ac.type == ASSOCIATE_RJ) {
            return new Outcome(Kind.ASSOCIATION_REJECTED, -1, "A-ASSOCIATE-RJ");
        }
        if (ac.type == A_ABORT) {
            return new Outcome(Kind.ABORTED, -1, "A-ABORT at association");
        }
        if (ac.type != ASSOCIATE_AC) {
            return new Outcome(Kind.CLOSED, -1, "unexpected PDU type " + ac.type);
        }
        AcceptInfo accept = AcceptInfo.parse(ac.body);
        if (!accept.contextAccepted) {
            return new Outcome(Kind.CONTEXT_REJECTED, -1, "presentation context result " + accept.contextResult);
        }
        maxPdv = Math.max(1024, (accept.peerMaxPdu == 0 ? MAX_PDU : Math.min(accept.peerMaxPdu, MAX_PDU)) - 6);
        return null;
    }

    private Outcome send(String sopClassUid, String sopInstanceUid, byte[] dataSet, Runnable midway)
            throws IOException {
        try {
            writePdvs(out, command(sopClassUid, sopInstanceUid, ++messageId), true, maxPdv, () -> { });
            writePdvs(out, dataSet, false, maxPdv, midway);
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
                Pdu pdu = Pdu.read(in);
                if (pdu.type == A_ABORT) {
                    return new Outcome(Kind.ABORTED, -1, "A-ABORT " + context);
                }
                if (pdu.type != P_DATA_TF) {
                    return new Outcome(Kind.CLOSED, -1, "unexpected PDU type " + pdu.type + " " + context);
                }
                ByteBuffer body = ByteBuffer.wrap(pdu.body);
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
                    return new Outcome(Kind.STATUS, statusOf(commandBytes.toByteArray()), context);
                }
            }
        } catch (SocketTimeoutException e) {
            return new Outcome(Kind.TIMEOUT, -1, "no response " + context);
        } catch (EOFException | SocketException e) {
            return new Outcome(Kind.CLOSED, -1, "connection closed " + context + " (" + e.getMessage() + ")");
        }
    }

    private static int statusOf(byte[] command) {
        ByteBuffer buffer = ByteBuffer.wrap(command).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.remaining() >= 8) {
            int group = buffer.getShort() & 0xFFFF;
            int element = buffer.getShort() & 0xFFFF;
            int length = buffer.getInt();
            if (group == 0x0000 && element == 0x0900 && length == 2) {
                return buffer.getShort() & 0xFFFF;
            }
            buffer.position(buffer.position() + length);
        }
        throw new IllegalStateException("C-STORE-RSP without a Status (0000,0900)");
    }

    private static void writePdvs(OutputStream out, byte[] data, boolean command, int maxPdv, Runnable afterFirst)
            throws IOException {
        int offset = 0;
        do {
            int chunk = Math.min(maxPdv, data.length - offset);
            boolean last = offset + chunk == data.length;
            ByteBuffer pdu = ByteBuffer.allocate(6 + 6 + chunk);
            pdu.put((byte) P_DATA_TF).put((byte) 0).putInt(6 + chunk);
            pdu.putInt(2 + chunk).put((byte) 1).put((byte) ((command ? 1 : 0) | (last ? 2 : 0)));
            pdu.put(data, offset, chunk);
            out.write(pdu.array());
            if (offset == 0) {
                out.flush();
                afterFirst.run();
            }
            offset += chunk;
        } while (offset < data.length);
    }

    /** C-STORE-RQ command set, implicit VR little endian, with its group length. */
    private static byte[] command(String sopClassUid, String sopInstanceUid, int messageId) {
        ByteArrayOutputStream elements = new ByteArrayOutputStream();
        writeElement(elements, 0x0002, uid(sopClassUid));
        writeElement(elements, 0x0100, us(0x0001));
        writeElement(elements, 0x0110, us(messageId));
        writeElement(elements, 0x0700, us(0));
        writeElement(elements, 0x0800, us(0x0000));
        writeElement(elements, 0x1000, uid(sopInstanceUid));
        byte[] body = elements.toByteArray();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        writeElement(all, 0x0000, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(body.length).array());
        all.writeBytes(body);
        return all.toByteArray();
    }

    private static void writeElement(ByteArrayOutputStream out, int element, byte[] value) {
        ByteBuffer header = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        header.putShort((short) 0).putShort((short) element).putInt(value.length);
        out.writeBytes(header.array());
        out.writeBytes(value);
    }

    private static byte[] us(int value) {
        return ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) value).array();
    }

    private static byte[] uid(String uid) {
        byte[] ascii = uid.getBytes(StandardCharsets.US_ASCII);
        return ascii.length % 2 == 0 ? ascii : Arrays.copyOf(ascii, ascii.length + 1);
    }

    private static byte[] associateRq(String callingAe, String calledAe, String sopClassUid, String transferSyntaxUid) {
        ByteArrayOutputStream items = new ByteArrayOutputStream();
        item(items, 0x10, APPLICATION_CONTEXT.getBytes(StandardCharsets.US_ASCII));
        ByteArrayOutputStream context = new ByteArrayOutputStream();
        context.writeBytes(new byte[] {1, 0, 0, 0});
        item(context, 0x30, sopClassUid.getBytes(StandardCharsets.US_ASCII));
        item(context, 0x40, transferSyntaxUid.getBytes(StandardCharsets.US_ASCII));
        item(items, 0x20, context.toByteArray());
        ByteArrayOutputStream user = new ByteArrayOutputStream();
        item(user, 0x51, ByteBuffer.allocate(4).putInt(MAX_PDU).array());
        item(user, 0x52, IMPLEMENTATION_CLASS.getBytes(StandardCharsets.US_ASCII));
        item(items, 0x50, user.toByteArray());
        byte[] variable = items.toByteArray();
        ByteBuffer pdu = ByteBuffer.allocate(6 + 68 + variable.length);
        pdu.put((byte) ASSOCIATE_RQ).put((byte) 0).putInt(68 + variable.length);
        pdu.putShort((short) 1).putShort((short) 0);
        pdu.put(aeTitle(calledAe)).put(aeTitle(callingAe)).put(new byte[32]).put(variable);
        return pdu.array();
    }

    private static void item(ByteArrayOutputStream out, int type, byte[] value) {
        out.write(type);
        out.write(0);
        out.write((value.length >> 8) & 0xFF);
        out.write(value.length & 0xFF);
        out.writeBytes(value);
    }

    private static byte[] aeTitle(String title) {
        byte[] padded = new byte[16];
        Arrays.fill(padded, (byte) ' ');
        byte[] ascii = title.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(ascii, 0, padded, 0, Math.min(16, ascii.length));
        return padded;
    }

    /** One PDU: type and body. */
    private record Pdu(int type, byte[] body) {

        static Pdu read(DataInputStream in) throws IOException {
            int type = in.readUnsignedByte();
            in.readUnsignedByte();
            int length = in.readInt();
            if (length < 0 || length > 64 * 1024 * 1024) {
                throw new IOException("implausible PDU length " + length);
            }
            byte[] body = new byte[length];
            in.readFully(body);
            return new Pdu(type, body);
        }
    }

    /** What an A-ASSOCIATE-AC says about our single presentation context and the peer's maximum PDU. */
    private record AcceptInfo(boolean contextAccepted, int contextResult, int peerMaxPdu) {

        static AcceptInfo parse(byte[] body) {
            ByteBuffer buffer = ByteBuffer.wrap(body);
            buffer.position(68);
            int result = -1;
            int maxPdu = 0;
            while (buffer.remaining() >= 4) {
                int type = buffer.get() & 0xFF;
                buffer.get();
                int length = buffer.getShort() & 0xFFFF;
                int end = buffer.position() + length;
                if (type == 0x21) {
                    buffer.get();
                    buffer.get();
                    result = buffer.get() & 0xFF;
                } else if (type == 0x50) {
                    while (buffer.position() + 4 <= end) {
                        int subType = buffer.get() & 0xFF;
                        buffer.get();
                        int subLength = buffer.getShort() & 0xFFFF;
                        if (subType == 0x51 && subLength == 4) {
                            maxPdu = buffer.getInt();
                        } else {
                            buffer.position(buffer.position() + subLength);
                        }
                    }
                }
                buffer.position(end);
            }
            return new AcceptInfo(result == 0, result, maxPdu);
        }
    }
}
