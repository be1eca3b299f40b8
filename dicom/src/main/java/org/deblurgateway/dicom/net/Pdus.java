package org.deblurgateway.dicom.net;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.deblurgateway.dicom.FileMetaInformation;

/** Encodes and decodes the DICOM upper layer PDUs (PS3.8 section 9) the listener and the sender exchange. */
public final class Pdus {

    public static final int ASSOCIATE_RQ = 0x01;
    public static final int ASSOCIATE_AC = 0x02;
    public static final int ASSOCIATE_RJ = 0x03;
    public static final int P_DATA_TF = 0x04;
    public static final int RELEASE_RQ = 0x05;
    public static final int RELEASE_RP = 0x06;
    public static final int ABORT = 0x07;

    public static final String DICOM_APPLICATION_CONTEXT = "1.2.840.10008.3.1.1.1";
    /** Our implementation class UID (a 2.25 UUID-derived root, PS3.5 B.2). */
    public static final String IMPLEMENTATION_CLASS_UID = FileMetaInformation.IMPLEMENTATION_CLASS_UID;

    public static final String IMPLEMENTATION_VERSION_NAME = FileMetaInformation.IMPLEMENTATION_VERSION_NAME;

    private static final int FIXED_FIELDS = 68;

    private Pdus() {}

    /** Parses the body (everything after the 6-byte PDU header) of an A-ASSOCIATE-RQ. */
    public static AssociateRequest parseAssociateRequest(byte[] body) throws ProtocolException {
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
        return new AssociateRequest(
                called, calling, applicationContext, List.copyOf(contexts), maxPdu, implClass, implVersion);
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

    /**
     * A complete A-ASSOCIATE-RQ PDU proposing {@code contexts}; {@code ourMaxPdu} is the largest P-DATA-TF we
     * receive.
     */
    public static byte[] associateRequest(
            String calledAeTitle, String callingAeTitle, List<PresentationContextProposal> contexts, int ourMaxPdu) {
        return associateRequest(calledAeTitle, callingAeTitle, contexts, ourMaxPdu, List.of());
    }

    /**
     * An A-ASSOCIATE-RQ that also proposes, for each of {@code scpRoleFor}, that we (the requestor) take the SCP role
     * only (SCP/SCU Role Selection, PS3.7 D.3.3.4): how the Storage Commitment SCP opens the association on which it
     * sends its N-EVENT-REPORT (PS3.4 J.3.3).
     */
    public static byte[] associateRequest(
            String calledAeTitle,
            String callingAeTitle,
            List<PresentationContextProposal> contexts,
            int ourMaxPdu,
            List<String> scpRoleFor) {
        ByteArrayOutputStream items = new ByteArrayOutputStream();
        writeItem(items, 0x10, ascii(DICOM_APPLICATION_CONTEXT));
        for (PresentationContextProposal p : contexts) {
            ByteArrayOutputStream pc = new ByteArrayOutputStream();
            pc.write(p.id());
            pc.write(0);
            pc.write(0);
            pc.write(0);
            writeItem(pc, 0x30, ascii(p.abstractSyntax()));
            for (String ts : p.transferSyntaxes()) {
                writeItem(pc, 0x40, ascii(ts));
            }
            writeItem(items, 0x20, pc.toByteArray());
        }
        writeItem(items, 0x50, userInformation(ourMaxPdu, scpRoleFor));
        return associatePdu(ASSOCIATE_RQ, calledAeTitle, callingAeTitle, items.toByteArray());
    }

    /**
     * Parses the body of an A-ASSOCIATE-AC answering {@code proposed}: each context's result and transfer syntax,
     * with the abstract syntax we proposed under its id, and the peer's maximum PDU length.
     */
    public static AssociateAccept parseAssociateAccept(byte[] body, List<PresentationContextProposal> proposed)
            throws ProtocolException {
        if (body.length < FIXED_FIELDS) {
            throw new ProtocolException("A-ASSOCIATE-AC shorter than its fixed fields");
        }
        List<PresentationContextDecision> contexts = new ArrayList<>();
        long maxPdu = 0;
        int at = FIXED_FIELDS;
        while (at < body.length) {
            int type = item(body, at);
            int length = itemLength(body, at);
            int start = at + 4;
            if (type == 0x21) {
                if (length < 4) {
                    throw new ProtocolException("presentation context item too short");
                }
                int id = body[start] & 0xFF;
                int result = body[start + 2] & 0xFF;
                String transferSyntax = "";
                int sub = start + 4;
                while (sub < start + length) {
                    int subLength = itemLength(body, sub);
                    if (sub + 4 + subLength > start + length) {
                        throw new ProtocolException("presentation context sub-item overruns its item");
                    }
                    if (item(body, sub) == 0x40) {
                        transferSyntax = ascii(body, sub + 4, subLength);
                    }
                    sub += 4 + subLength;
                }
                String abstractSyntax = proposed.stream()
                        .filter(p -> p.id() == id)
                        .map(PresentationContextProposal::abstractSyntax)
                        .findFirst()
                        .orElse("");
                contexts.add(new PresentationContextDecision(id, result, abstractSyntax, transferSyntax));
            } else if (type == 0x50) {
                int sub = start;
                while (sub < start + length) {
                    int subLength = itemLength(body, sub);
                    if (item(body, sub) == 0x51 && subLength == 4) {
                        maxPdu = u32(body, sub + 4);
                    }
                    sub += 4 + subLength;
                }
            }
            at = start + length;
        }
        return new AssociateAccept(List.copyOf(contexts), maxPdu);
    }

    /** Parses the body of an A-ASSOCIATE-RJ. */
    public static AssociateReject parseAssociateReject(byte[] body) throws ProtocolException {
        if (body.length < 4) {
            throw new ProtocolException("A-ASSOCIATE-RJ shorter than 4 bytes");
        }
        return new AssociateReject(body[1] & 0xFF, body[2] & 0xFF, body[3] & 0xFF);
    }

    /** A complete A-ASSOCIATE-AC PDU. */
    public static byte[] associateAccept(
            AssociateRequest rq, List<PresentationContextDecision> decisions, int ourMaxPdu) {
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
        writeItem(items, 0x50, userInformation(ourMaxPdu));
        return associatePdu(ASSOCIATE_AC, rq.calledAeTitle(), rq.callingAeTitle(), items.toByteArray());
    }

    private static byte[] userInformation(int ourMaxPdu) {
        return userInformation(ourMaxPdu, List.of());
    }

    private static byte[] userInformation(int ourMaxPdu, List<String> scpRoleFor) {
        ByteArrayOutputStream user = new ByteArrayOutputStream();
        writeItem(user, 0x51, be32(ourMaxPdu));
        writeItem(user, 0x52, ascii(IMPLEMENTATION_CLASS_UID));
        for (String uid : scpRoleFor) {
            byte[] u = ascii(uid);
            ByteArrayOutputStream role = new ByteArrayOutputStream();
            role.write((u.length >>> 8) & 0xFF);
            role.write(u.length & 0xFF);
            role.writeBytes(u);
            role.write(0); // SCU role: not proposed
            role.write(1); // SCP role: proposed
            writeItem(user, 0x54, role.toByteArray());
        }
        writeItem(user, 0x55, ascii(IMPLEMENTATION_VERSION_NAME));
        return user.toByteArray();
    }

    /** An A-ASSOCIATE-RQ or -AC: the fixed fields, then the variable items. */
    private static byte[] associatePdu(int type, String calledAeTitle, String callingAeTitle, byte[] variable) {
        ByteArrayOutputStream pdu = new ByteArrayOutputStream(6 + FIXED_FIELDS + variable.length);
        writeHeader(pdu, type, FIXED_FIELDS + variable.length);
        pdu.write(0);
        pdu.write(1); // protocol version
        pdu.write(0);
        pdu.write(0);
        pdu.writeBytes(aeField(calledAeTitle));
        pdu.writeBytes(aeField(callingAeTitle));
        pdu.writeBytes(new byte[32]);
        pdu.writeBytes(variable);
        return pdu.toByteArray();
    }

    /** A complete A-ASSOCIATE-RJ PDU. */
    public static byte[] associateReject(AssociationRejection rejection) {
        return new byte[] {
            ASSOCIATE_RJ,
            0,
            0,
            0,
            0,
            4,
            0,
            (byte) rejection.result(),
            (byte) rejection.source(),
            (byte) rejection.reason()
        };
    }

    /** A complete A-RELEASE-RQ PDU. */
    public static byte[] releaseRequest() {
        return new byte[] {RELEASE_RQ, 0, 0, 0, 0, 4, 0, 0, 0, 0};
    }

    /** A complete A-RELEASE-RP PDU. */
    public static byte[] releaseResponse() {
        return new byte[] {RELEASE_RP, 0, 0, 0, 0, 4, 0, 0, 0, 0};
    }

    /** A complete A-ABORT PDU from the service provider, reason not specified. */
    public static byte[] abort() {
        return new byte[] {ABORT, 0, 0, 0, 0, 4, 0, 0, 2, 0};
    }

    /** A complete A-ABORT PDU from the service user (the association's requestor or acceptor itself). */
    public static byte[] userAbort() {
        return new byte[] {ABORT, 0, 0, 0, 0, 4, 0, 0, 0, 0};
    }

    /**
     * Writes a DIMSE command (one message, no data set) as P-DATA-TF PDUs no longer than the peer accepts
     * ({@code peerMaxPdu} 0 = unlimited).
     */
    public static void writeCommand(OutputStream out, int presentationContextId, byte[] command, long peerMaxPdu)
            throws IOException {
        // Largest PDV value per PDU: PDU max minus PDV header (4 length + 1 id + 1 control).
        int maxValue = peerMaxPdu == 0 ? command.length : (int) Math.max(1, Math.min(command.length, peerMaxPdu - 6));
        int offset = 0;
        do {
            int n = Math.min(maxValue, command.length - offset);
            writePdv(out, presentationContextId, true, offset + n == command.length, command, offset, n);
            offset += n;
        } while (offset < command.length);
        out.flush();
    }

    /** Writes a whole (small) data set as P-DATA-TF PDUs no longer than the peer accepts ({@code peerMaxPdu} 0 = unlimited). */
    public static void writeDataSet(OutputStream out, int presentationContextId, byte[] data, long peerMaxPdu)
            throws IOException {
        int maxValue = peerMaxPdu == 0
                ? Math.max(1, data.length)
                : (int) Math.max(1, Math.min(Math.max(1, data.length), peerMaxPdu - 6));
        int offset = 0;
        do {
            int n = Math.min(maxValue, data.length - offset);
            writePdv(out, presentationContextId, false, offset + n == data.length, data, offset, n);
            offset += n;
        } while (offset < data.length);
        out.flush();
    }

    /** Writes one P-DATA-TF PDU holding one PDV: a command or data set fragment, flagged last or not. */
    public static void writePdv(
            OutputStream out,
            int presentationContextId,
            boolean command,
            boolean last,
            byte[] value,
            int offset,
            int length)
            throws IOException {
        byte[] header = new byte[12];
        header[0] = P_DATA_TF;
        putBe32(header, 2, length + 6);
        putBe32(header, 6, length + 2);
        header[10] = (byte) presentationContextId;
        header[11] = (byte) ((command ? 0x01 : 0x00) | (last ? 0x02 : 0x00));
        out.write(header);
        out.write(value, offset, length);
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
        Arrays.fill(field, (byte) ' ');
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
        return new String(b, at, length, StandardCharsets.US_ASCII)
                .replace("\0", "")
                .trim();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    public static int u16(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    public static long u32(byte[] b, int at) {
        return ((long) (b[at] & 0xFF) << 24)
                | ((b[at + 1] & 0xFF) << 16)
                | ((b[at + 2] & 0xFF) << 8)
                | (b[at + 3] & 0xFF);
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
