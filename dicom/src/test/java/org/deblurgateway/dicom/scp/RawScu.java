package org.deblurgateway.dicom.scp;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.deblurgateway.dicom.net.Pdus;

/**
 * A deliberately minimal storage SCU that sends whatever bytes a test gives it (garbage, truncated data sets,
 * syntaxes dcmtk cannot propose) on one presentation context, and reports the C-STORE-RSP status.
 */
final class RawScu implements AutoCloseable {

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private int messageId;

    private RawScu(Socket socket) throws IOException {
        this.socket = socket;
        socket.setSoTimeout(20000);
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Associates with one presentation context (id 1); fails unless the context is accepted. */
    static RawScu associate(int port, String abstractSyntax, String transferSyntax) throws IOException {
        RawScu scu = new RawScu(new Socket("127.0.0.1", port));
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0, 1, 0, 0});
        body.writeBytes(ae("DEBLUR"));
        body.writeBytes(ae("RAWSCU"));
        body.writeBytes(new byte[32]);
        item(body, 0x10, ascii(Pdus.DICOM_APPLICATION_CONTEXT));
        ByteArrayOutputStream pc = new ByteArrayOutputStream();
        pc.writeBytes(new byte[] {1, 0, 0, 0});
        item(pc, 0x30, ascii(abstractSyntax));
        item(pc, 0x40, ascii(transferSyntax));
        item(body, 0x20, pc.toByteArray());
        ByteArrayOutputStream user = new ByteArrayOutputStream();
        item(user, 0x51, new byte[] {0, 0, 0x40, 0});
        item(body, 0x50, user.toByteArray());
        scu.pdu(Pdus.ASSOCIATE_RQ, body.toByteArray());
        byte[] ac = scu.readPdu(Pdus.ASSOCIATE_AC);
        // First presentation context item (0x21) starts after the 68 fixed bytes and the application context item.
        int at = 68;
        while (ac[at] != 0x21) {
            at += 4 + Pdus.u16(ac, at + 2);
        }
        if (ac[at + 6] != 0) {
            throw new IOException("presentation context rejected with result " + ac[at + 6]);
        }
        return scu;
    }

    /** Sends a C-STORE-RQ with {@code dataSet} as its data (fragmented into 16 KB PDVs) and returns the status. */
    int store(String sopClass, String sopInstance, byte[] dataSet) throws IOException {
        return store(sopClass, sopInstance, dataSet, () -> { });
    }

    /** As {@link #store(String, String, byte[])}, running {@code midway} after the command and the first data PDV. */
    int store(String sopClass, String sopInstance, byte[] dataSet, Runnable midway) throws IOException {
        messageId++;
        ByteArrayOutputStream cmd = new ByteArrayOutputStream();
        string(cmd, 0x0002, sopClass);
        us(cmd, 0x0100, 0x0001);
        us(cmd, 0x0110, messageId);
        us(cmd, 0x0700, 0);
        us(cmd, 0x0800, 0x0000);
        string(cmd, 0x1000, sopInstance);
        byte[] rest = cmd.toByteArray();
        ByteArrayOutputStream command = new ByteArrayOutputStream();
        command.writeBytes(new byte[] {0, 0, 0, 0, 4, 0, 0, 0});
        command.writeBytes(le32(rest.length));
        command.writeBytes(rest);
        pdv(command.toByteArray(), 0x03);
        int offset = 0;
        do {
            int n = Math.min(16384, dataSet.length - offset);
            boolean last = offset + n == dataSet.length;
            pdv(Arrays.copyOfRange(dataSet, offset, offset + n), last ? 0x02 : 0x00);
            if (offset == 0) {
                midway.run();
            }
            offset += n;
        } while (offset < dataSet.length);
        byte[] response = readPdu(Pdus.P_DATA_TF);
        // One PDV: length(4) id(1) control(1) then the command; find (0000,0900) Status.
        for (int i = 6; i + 10 <= response.length; ) {
            int element = (response[i + 2] & 0xFF) | ((response[i + 3] & 0xFF) << 8);
            int length = (response[i + 4] & 0xFF) | ((response[i + 5] & 0xFF) << 8);
            if (element == 0x0900) {
                return (response[i + 8] & 0xFF) | ((response[i + 9] & 0xFF) << 8);
            }
            i += 8 + length;
        }
        throw new IOException("no status in response");
    }

    void release() throws IOException {
        pdu(Pdus.RELEASE_RQ, new byte[4]);
        readPdu(Pdus.RELEASE_RP);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private void pdv(byte[] value, int control) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(be32(value.length + 2));
        b.write(1);
        b.write(control);
        b.writeBytes(value);
        pdu(Pdus.P_DATA_TF, b.toByteArray());
    }

    private void pdu(int type, byte[] body) throws IOException {
        out.write(new byte[] {(byte) type, 0});
        out.write(be32(body.length));
        out.write(body);
        out.flush();
    }

    private byte[] readPdu(int expectedType) throws IOException {
        int type = in.readUnsignedByte();
        in.readUnsignedByte();
        int length = in.readInt();
        byte[] body = new byte[length];
        in.readFully(body);
        if (type != expectedType) {
            throw new IOException("expected PDU type " + expectedType + ", got " + type + " " + Arrays.toString(body));
        }
        return body;
    }

    private static void string(ByteArrayOutputStream out, int element, String value) {
        byte[] v = ascii(value);
        int length = v.length + v.length % 2;
        out.writeBytes(new byte[] {0, 0, (byte) element, (byte) (element >>> 8)});
        out.writeBytes(le32(length));
        out.writeBytes(v);
        if (length != v.length) {
            out.write(0);
        }
    }

    private static void us(ByteArrayOutputStream out, int element, int value) {
        out.writeBytes(new byte[] {0, 0, (byte) element, (byte) (element >>> 8), 2, 0, 0, 0, (byte) value, (byte) (value >>> 8)});
    }

    private static void item(ByteArrayOutputStream out, int type, byte[] value) {
        out.write(type);
        out.write(0);
        out.write(value.length >>> 8);
        out.write(value.length & 0xFF);
        out.writeBytes(value);
    }

    private static byte[] ae(String title) {
        return String.format("%-16s", title).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] be32(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    private static byte[] le32(int v) {
        return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
    }
}
