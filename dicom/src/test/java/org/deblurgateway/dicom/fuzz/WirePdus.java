package org.deblurgateway.dicom.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Upper layer PDUs and DIMSE commands encoded here from PS3.8 section 9 and PS3.7 alone (not with the listener's
 * own encoder), as templates the listener target mutates.
 */
final class WirePdus {

    static final String VERIFICATION = "1.2.840.10008.1.1";
    private static final String APPLICATION_CONTEXT = "1.2.840.10008.3.1.1.1";
    private static final int MAX_PDV = 16 * 1024;

    private WirePdus() {}

    /** A-ASSOCIATE-RQ: context 1 = {@code sopClass} in {@code transferSyntaxes}, context 3 = Verification. */
    static byte[] associateRq(String calling, String called, String sopClass, List<String> transferSyntaxes) {
        ByteArrayOutputStream items = new ByteArrayOutputStream();
        item(items, 0x10, ascii(APPLICATION_CONTEXT));
        items.writeBytes(context(1, sopClass, transferSyntaxes));
        items.writeBytes(context(3, VERIFICATION, List.of("1.2.840.10008.1.2")));
        ByteArrayOutputStream user = new ByteArrayOutputStream();
        item(user, 0x51, new byte[] {0, 0, 0x40, 0}); // we receive PDUs up to 16 KiB
        item(user, 0x52, ascii("1.2.826.0.1.3680043.10.1234.99"));
        item(user, 0x55, ascii("FUZZ"));
        item(items, 0x50, user.toByteArray());
        byte[] variable = items.toByteArray();
        ByteArrayOutputStream pdu = new ByteArrayOutputStream();
        header(pdu, 0x01, 68 + variable.length);
        pdu.writeBytes(new byte[] {0, 1, 0, 0});
        pdu.writeBytes(aeTitle(called));
        pdu.writeBytes(aeTitle(calling));
        pdu.writeBytes(new byte[32]);
        pdu.writeBytes(variable);
        return pdu.toByteArray();
    }

    private static byte[] context(int id, String abstractSyntax, List<String> transferSyntaxes) {
        ByteArrayOutputStream value = new ByteArrayOutputStream();
        value.writeBytes(new byte[] {(byte) id, 0, 0, 0});
        item(value, 0x30, ascii(abstractSyntax));
        for (String ts : transferSyntaxes) {
            item(value, 0x40, ascii(ts));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        item(out, 0x20, value.toByteArray());
        return out.toByteArray();
    }

    /** C-STORE-RQ command set (implicit VR little endian, with group length). */
    static byte[] storeCommand(String sopClass, String sopInstance, int messageId) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        element(body, 0x0002, uid(sopClass));
        element(body, 0x0100, us(0x0001));
        element(body, 0x0110, us(messageId));
        element(body, 0x0700, us(0));
        element(body, 0x0800, us(0x0000));
        element(body, 0x1000, uid(sopInstance));
        return withGroupLength(body);
    }

    /** C-ECHO-RQ command set. */
    static byte[] echoCommand(int messageId) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        element(body, 0x0002, uid(VERIFICATION));
        element(body, 0x0100, us(0x0030));
        element(body, 0x0110, us(messageId));
        element(body, 0x0800, us(0x0101));
        return withGroupLength(body);
    }

    /** P-DATA-TF PDUs carrying {@code value} on {@code contextId}, at most {@value #MAX_PDV} bytes per PDV. */
    static byte[] pData(int contextId, boolean command, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 64);
        int offset = 0;
        do {
            int n = Math.min(MAX_PDV, value.length - offset);
            boolean last = offset + n == value.length;
            header(out, 0x04, 6 + n);
            be32(out, 2 + n);
            out.write(contextId);
            out.write((command ? 1 : 0) | (last ? 2 : 0));
            out.write(value, offset, n);
            offset += n;
        } while (offset < value.length);
        return out.toByteArray();
    }

    static byte[] releaseRq() {
        return new byte[] {0x05, 0, 0, 0, 0, 4, 0, 0, 0, 0};
    }

    static byte[] abort() {
        return new byte[] {0x07, 0, 0, 0, 0, 4, 0, 0, 0, 0};
    }

    /** The Status (0000,0900) of a command set, or -1. */
    static int status(byte[] command) {
        int at = 0;
        while (at + 8 <= command.length) {
            int element = (command[at + 2] & 0xFF) | ((command[at + 3] & 0xFF) << 8);
            long length = (command[at + 4] & 0xFFL)
                    | ((command[at + 5] & 0xFFL) << 8)
                    | ((command[at + 6] & 0xFFL) << 16)
                    | ((command[at + 7] & 0xFFL) << 24);
            if (element == 0x0900 && length == 2 && at + 10 <= command.length) {
                return (command[at + 8] & 0xFF) | ((command[at + 9] & 0xFF) << 8);
            }
            if (length > command.length) {
                return -1;
            }
            at += 8 + (int) length;
        }
        return -1;
    }

    /** The Command Field (0000,0100) of a command set, or -1. */
    static int commandField(byte[] command) {
        int at = 0;
        while (at + 8 <= command.length) {
            int element = (command[at + 2] & 0xFF) | ((command[at + 3] & 0xFF) << 8);
            long length = (command[at + 4] & 0xFFL) | ((command[at + 5] & 0xFFL) << 8);
            if (element == 0x0100 && at + 10 <= command.length) {
                return (command[at + 8] & 0xFF) | ((command[at + 9] & 0xFF) << 8);
            }
            at += 8 + (int) length;
        }
        return -1;
    }

    private static byte[] withGroupLength(ByteArrayOutputStream body) {
        byte[] rest = body.toByteArray();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        element(all, 0x0000, new byte[] {
            (byte) rest.length, (byte) (rest.length >>> 8), (byte) (rest.length >>> 16), (byte) (rest.length >>> 24)
        });
        all.writeBytes(rest);
        return all.toByteArray();
    }

    private static void element(ByteArrayOutputStream out, int element, byte[] value) {
        out.writeBytes(new byte[] {
            0,
            0,
            (byte) element,
            (byte) (element >>> 8),
            (byte) value.length,
            (byte) (value.length >>> 8),
            (byte) (value.length >>> 16),
            (byte) (value.length >>> 24)
        });
        out.writeBytes(value);
    }

    private static byte[] us(int v) {
        return new byte[] {(byte) v, (byte) (v >>> 8)};
    }

    private static byte[] uid(String uid) {
        byte[] a = ascii(uid);
        return a.length % 2 == 0 ? a : Arrays.copyOf(a, a.length + 1);
    }

    private static void item(ByteArrayOutputStream out, int type, byte[] value) {
        out.write(type);
        out.write(0);
        out.write((value.length >>> 8) & 0xFF);
        out.write(value.length & 0xFF);
        out.writeBytes(value);
    }

    private static void header(ByteArrayOutputStream out, int type, int length) {
        out.write(type);
        out.write(0);
        be32(out, length);
    }

    private static void be32(ByteArrayOutputStream out, int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }

    private static byte[] aeTitle(String title) {
        byte[] padded = new byte[16];
        Arrays.fill(padded, (byte) ' ');
        byte[] a = ascii(title);
        System.arraycopy(a, 0, padded, 0, Math.min(16, a.length));
        return padded;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
