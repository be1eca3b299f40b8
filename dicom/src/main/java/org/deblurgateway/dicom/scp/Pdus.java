package org.deblurgateway.dicom.scp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Encodes and decodes the DICOM upper layer PDUs (PS3.8 section 9) the listener exchanges. */
final class Pdus {

    static final int ASSOCIATE_RQ = 0x01;
    static final int ASSOCIATE_AC = 0x02;
    static final int ASSOCIATE_RJ = 0x03;
    static final int P_DATA_TF = 0x04;
    static final int RELEASE_RQ = 0x05;
    static final int RELEASE_RP = 0x06;
    static final int ABORT = 0x07;

    static final String DICOM_APPLICATION_CONTEXT = "1.2.840.10008.3.1.1.1";
    /** Our implementation class UID (a 2.25 UUID-derived root, PS3.5 B.2). */
    static final String IMPLEMENTATION_CLASS_UID = org.deblurgateway.dicom.FileMetaInformation.IMPLEMENTATION_CLASS_UID;
    static final String IMPLEMENTATION_VERSION_NAME = org.deblurgateway.dicom.FileMetaInformation.IMPLEMENTATION_VERSION_NAME;

    private static final int FIXED_FIELDS = 68;

    private Pdus() {
    }

    /** Parses the body (everything after the 6-byte PDU header) of an A-ASSOCIATE-RQ. */
    static AssociateRequest parseAssociateRequest(byte[] body) throws ProtocolException {
        if (body.length < FIXED_FIELDS) {
            throw new ProtocolException("A-ASSOCIATE-RQ shorter than its fixed fields");
        }
        if ((u16(body, 0) & 1) == 0) {
            throw new ProtocolException("protocol version bit 0 not set");
        }
        String called = aeTitle(body, 4);
        String calling = aeTitle(body, 20);
        String applicationContext = "";
        List<PresentationContextProposal> contexts = new ArrayList<>();
        long maxPdu = 0;
        String implClass = "";
        String implVersion = "";
        int at = FIXED_FIELDS;
        while (at < body.length) {
            int type = item(body, at);
            int length = itemLength(body, at);
            int start = at + 4;
            switch (type) {
                case 0x10 -> applicationContext = ascii(body, start, length);
                case 0x20 -> contexts.add(parsePresentationContext(body, start, length));
                case 0x50 -> {
                    int sub = start;
                    while (sub < start + length) {
                        int subType = item(body, sub);
                        int subLength = itemLength(body, sub);
                        if (sub + 4 + subLength > start + length) {
                            throw new ProtocolException("user information sub-item overruns its item");
                        }
                        switch (subType) {
                            case 0x51 -> {
                                if (subLength != 4) {
                                    throw new ProtocolException("maximum length sub-item is not 4 bytes");
                                }
                                maxPdu = u32(body, sub + 4);
                            }
                            case 0x52 -> implClass = ascii(body, sub + 4, subLength);
                            case 0x55 -> implVersion = ascii(body, sub + 4, subLength);
                            default -> {
                                // Role selection, asynchronous operations, extended negotiation, user identity:
                                // not answered, so the defaults of PS3.7 apply.
                            }
                        }
                        sub += 4 + subLength;
                    }
                }
                default -> {
                    // Unknown items are ignored (PS3.8 9.3.1).
                }
            }
            at = start + length;
        }
        return new AssociateRequest(called, calling, applicationContext, List.copyOf(contexts), maxPdu, implClass, implVersion);
    }

    private static PresentationContextProposal parsePresentationContext(byte[] b, int start, int length)
            throws ProtocolException {
        if (length < 4) {
            throw new ProtocolException("presentation context item too short");
        }
        int id = b[start] & 0xFF;
        String abstractSyntax = "";
        List<String> transferSyntaxes = new ArrayList<>();
        int sub = start + 4;
        while (sub < start + length) {
            int subType = item(b, sub);
            int subLength = itemLength(b, sub);
            if (sub + 4 + subLength > start + length) {
                throw new ProtocolException("presentation context sub-item overruns its item");
            }
            if (subType == 0x30) {
                abstractSyntax = ascii(b, sub + 4, subLength);
            } else if (subType == 0x40) {
                transferSyntaxes.add(ascii(b, sub + 4, subLength));
            }
            sub += 4 + subLength;
        }
        return new PresentationContextProposal(id, abstractSyntax, List.copyOf(transferSyntaxes));
    }

    /** A complete A-ASSOCIATE-AC PDU. */
    static byte[] associateAccept(AssociateRequest rq, List<PresentationContextDecision> decisions, int ourMaxPdu) {
        ByteArrayOutputStream items = new ByteArrayOutputStream();
        writeItem(items, 0x10, ascii(DICOM_APPLICATION_CONTEXT));
        for (PresentationContextDecision d : decisions) {
            byte[] ts = ascii(d.transferSyntax() == null ? "" : d.transferSyntax());
            ByteArrayOutputStream pc = new ByteArrayOutputStream();
            pc.write(d.id());
            pc.write(0);
            pc.write(d.result());
            pc.write(0);
            writeItem(pc, 0x40, ts);
            writeItem(items, 0x21, pc.toByteArray());
        }
        ByteArrayOutputStream user = new ByteArrayOutputStream();
        writeItem(user, 0x51, be32(ourMaxPdu));
        writeItem(user, 0x52, ascii(IMPLEMENTATION_CLASS_UID));
        writeItem(user, 0x55, ascii(IMPLEMENTATION_VERSION_NAME));
        writeItem(items, 0x50, user.toByteArray());

        byte[] variable = items.toByteArray();
        ByteArrayOutputStream pdu = new ByteArrayOutputStream(6 + FIXED_FIELDS + variable.length);
        writeHeader(pdu, ASSOCIATE_AC, FIXED_FIELDS + variable.length);
        pdu.write(0);
        pdu.write(1); // protocol version
        pdu.write(0);
        pdu.write(0);
        pdu.writeBytes(aeField(rq.calledAeTitle()));
        pdu.writeBytes(aeField(rq.callingAeTitle()));
        pdu.writeBytes(new byte[32]);
        pdu.writeBytes(variable);
        return pdu.toByteArray();
    }

    /** A complete A-ASSOCIATE-RJ PDU. */
    static byte[] associateReject(AssociationRejection rejection) {
        return new byte[] {ASSOCIATE_RJ, 0, 0, 0, 0, 4, 0,
            (byte) rejection.result(), (byte) rejection.source(), (byte) rejection.reason()};
    }

    /** A complete A-RELEASE-RP PDU. */
    static byte[] releaseResponse() {
        return new byte[] {RELEASE_RP, 0, 0, 0, 0, 4, 0, 0, 0, 0};
    }

    /** A complete A-ABORT PDU from the service provider, reason not specified. */
    static byte[] abort() {
        return new byte[] {ABORT, 0, 0, 0, 0, 4, 0, 0, 2, 0};
    }

    /**
     * Writes a DIMSE command (one message, no data set) as P-DATA-TF PDUs no longer than the peer accepts
     * ({@code peerMaxPdu} 0 = unlimited).
     */
    static void writeCommand(OutputStream out, int presentationContextId, byte[] command, long peerMaxPdu)
            throws IOException {
        // Largest PDV value per PDU: PDU max minus PDV header (4 length + 1 id + 1 control).
        int maxValue = peerMaxPdu == 0 ? command.length : (int) Math.max(1, Math.min(command.length, peerMaxPdu - 6));
        int offset = 0;
        do {
            int n = Math.min(maxValue, command.length - offset);
            boolean last = offset + n == command.length;
            byte[] header = new byte[12];
            header[0] = P_DATA_TF;
            putBe32(header, 2, n + 6);
            putBe32(header, 6, n + 2);
            header[10] = (byte) presentationContextId;
            header[11] = (byte) (last ? 0x03 : 0x01);
            out.write(header);
            out.write(command, offset, n);
            offset += n;
        } while (offset < command.length);
        out.flush();
    }

    private static void writeHeader(ByteArrayOutputStream out, int type, int length) {
        out.write(type);
        out.write(0);
        out.writeBytes(be32(length));
    }

    private static void writeItem(ByteArrayOutputStream out, int type, byte[] value) {
        out.write(type);
        out.write(0);
        out.write((value.length >>> 8) & 0xFF);
        out.write(value.length & 0xFF);
        out.writeBytes(value);
    }

    private static byte[] aeField(String ae) {
        byte[] field = new byte[16];
        java.util.Arrays.fill(field, (byte) ' ');
        byte[] a = ascii(ae);
        System.arraycopy(a, 0, field, 0, Math.min(16, a.length));
        return field;
    }

    private static String aeTitle(byte[] b, int at) {
        return new String(b, at, 16, StandardCharsets.US_ASCII).trim();
    }

    private static int item(byte[] b, int at) throws ProtocolException {
        if (at + 4 > b.length) {
            throw new ProtocolException("item header overruns the PDU");
        }
        return b[at] & 0xFF;
    }

    private static int itemLength(byte[] b, int at) throws ProtocolException {
        int length = u16(b, at + 2);
        if (at + 4 + length > b.length) {
            throw new ProtocolException("item overruns the PDU");
        }
        return length;
    }

    private static String ascii(byte[] b, int at, int length) {
        // UIDs in PDUs may carry a trailing NUL or space.
        return new String(b, at, length, StandardCharsets.US_ASCII).replace("\0", "").trim();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static int u16(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    static long u32(byte[] b, int at) {
        return ((long) (b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }

    private static byte[] be32(int v) {
        byte[] b = new byte[4];
        putBe32(b, 0, v);
        return b;
    }

    private static void putBe32(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
