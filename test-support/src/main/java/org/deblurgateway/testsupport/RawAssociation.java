package org.deblurgateway.testsupport;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;

/**
 * An accepted association whose next bytes the test writes itself (a PDU longer than negotiated, nothing at all),
 * then reads what the peer answers: for the upper layer's limits, which no toolkit's SCU breaks on purpose.
 */
public final class RawAssociation implements AutoCloseable {

    /** {@link #nextPduType()} when the peer closed the connection. */
    public static final int CLOSED = -1;
    /** {@link #nextPduType()} when nothing came within the read timeout. */
    public static final int SILENT = -2;

    public static final int P_DATA_TF = RawPdus.P_DATA_TF;
    public static final int A_ABORT = RawPdus.A_ABORT;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private RawAssociation(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = new BufferedOutputStream(socket.getOutputStream());
    }

    /** Associates as RAWSCU with DEBLUR on one context; fails unless accepted. Reads wait at most {@code timeoutMillis}. */
    public static RawAssociation open(int port, String abstractSyntax, String transferSyntax, int timeoutMillis)
            throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(timeoutMillis);
        RawAssociation association = new RawAssociation(socket);
        association.write(RawPdus.associateRq("RAWSCU", "DEBLUR", abstractSyntax, transferSyntax));
        RawPdus.Pdu answer = RawPdus.Pdu.read(association.in);
        if (answer.type() != RawPdus.ASSOCIATE_AC) {
            socket.close();
            throw new IOException("association not accepted: PDU type " + answer.type());
        }
        return association;
    }

    /** A P-DATA-TF header announcing {@code length} bytes, and one PDV item header filling it, as the start of a PDU. */
    public static byte[] pDataHeader(long length) {
        long item = length - 4;
        return new byte[] {
            (byte) RawPdus.P_DATA_TF,
            0,
            (byte) (length >>> 24),
            (byte) (length >>> 16),
            (byte) (length >>> 8),
            (byte) length,
            (byte) (item >>> 24),
            (byte) (item >>> 16),
            (byte) (item >>> 8),
            (byte) item,
            1,
            0
        };
    }

    public void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The type of the next PDU the peer sends, {@link #CLOSED} or {@link #SILENT}. */
    public int nextPduType() throws IOException {
        try {
            return RawPdus.Pdu.read(in).type();
        } catch (SocketTimeoutException e) {
            return SILENT;
        } catch (EOFException | SocketException e) {
            return CLOSED;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
