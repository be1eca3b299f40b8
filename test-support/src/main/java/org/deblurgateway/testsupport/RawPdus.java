package org.deblurgateway.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The bytes {@link RawStoreScu} puts on the wire and reads back, encoded here from the standard alone: PDUs of PS3.8
 * section 9.3 and the C-STORE-RQ command of PS3.7 9.3.1 (implicit VR little endian).
 */
final class RawPdus {

    private static final String APPLICATION_CONTEXT = "1.2.840.10008.3.1.1.1";
    private static final String IMPLEMENTATION_CLASS = "1.2.826.0.1.3680043.10.1234.1";
    static final int MAX_PDU = 16384;
    static final int ASSOCIATE_RQ = 0x01;
    static final int ASSOCIATE_AC = 0x02;
    static final int ASSOCIATE_RJ = 0x03;
    static final int P_DATA_TF = 0x04;
    static final int RELEASE_RQ = 0x05;
    static final int RELEASE_RP = 0x06;
    static final int A_ABORT = 0x07;

    private RawPdus() {}

    static int statusOf(byte[] command) {
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

    static void writePdvs(OutputStream out, byte[] data, boolean command, int maxPdv, Runnable afterFirst)
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
    static byte[] command(String sopClassUid, String sopInstanceUid, int messageId) {
        ByteArrayOutputStream elements = new ByteArrayOutputStream();
        writeElement(elements, 0x0002, uid(sopClassUid));
        writeElement(elements, 0x0100, us(0x0001));
        writeElement(elements, 0x0110, us(messageId));
        writeElement(elements, 0x0700, us(0));
        writeElement(elements, 0x0800, us(0x0000));
        writeElement(elements, 0x1000, uid(sopInstanceUid));
        byte[] body = elements.toByteArray();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        writeElement(
                all,
                0x0000,
                ByteBuffer.allocate(4)
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .putInt(body.length)
                        .array());
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
        return ByteBuffer.allocate(2)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) value)
                .array();
    }

    private static byte[] uid(String uid) {
        byte[] ascii = uid.getBytes(StandardCharsets.US_ASCII);
        return ascii.length % 2 == 0 ? ascii : Arrays.copyOf(ascii, ascii.length + 1);
    }

    static byte[] associateRq(String callingAe, String calledAe, String sopClassUid, String transferSyntaxUid) {
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
    record Pdu(int type, byte[] body) {

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
    record AcceptInfo(boolean contextAccepted, int contextResult, int peerMaxPdu) {

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
