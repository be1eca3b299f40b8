package org.deblurgateway.dicom.commitment;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.deblurgateway.dicom.DicomUids;
import org.deblurgateway.dicom.TransferSyntaxes;
import org.deblurgateway.dicom.net.ProtocolException;

/**
 * Reads and writes the data sets of Storage Commitment (PS3.4 J.3.2, J.3.3) in implicit or explicit VR little endian,
 * the two transfer syntaxes the listener accepts for the SOP class. Hand-written because PixelMed's dictionary lacks
 * Transaction UID, Failed SOP Sequence and Failure Reason, so it could not read them in implicit VR.
 */
public final class CommitmentDataSets {

    /** Transfer syntaxes the codec handles, in the order the listener prefers them. */
    public static final List<String> TRANSFER_SYNTAXES =
            List.of(TransferSyntaxes.EXPLICIT_VR_LITTLE_ENDIAN, TransferSyntaxes.IMPLICIT_VR_LITTLE_ENDIAN);

    private static final int TRANSACTION_UID = 0x00081195;
    private static final int FAILED_SOP_SEQUENCE = 0x00081198;
    private static final int REFERENCED_SOP_SEQUENCE = 0x00081199;
    private static final int REFERENCED_SOP_CLASS_UID = 0x00081150;
    private static final int REFERENCED_SOP_INSTANCE_UID = 0x00081155;
    private static final int FAILURE_REASON = 0x00081197;
    private static final int ITEM = 0xFFFEE000;
    private static final int ITEM_DELIMITATION = 0xFFFEE00D;
    private static final int SEQUENCE_DELIMITATION = 0xFFFEE0DD;
    private static final long UNDEFINED = 0xFFFFFFFFL;
    private static final Set<String> LONG_VRS =
            Set.of("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV");

    private CommitmentDataSets() {}

    /** The N-ACTION-RQ data set of {@code request}. */
    public static byte[] encodeRequest(CommitmentRequest request, String transferSyntax) {
        Writer w = new Writer(explicit(transferSyntax));
        w.uid(TRANSACTION_UID, request.transactionUid());
        w.sequence(REFERENCED_SOP_SEQUENCE, request.references(), (item, ref) -> reference(item, ref));
        return w.bytes();
    }

    /** The N-EVENT-REPORT-RQ data set of {@code result}. */
    public static byte[] encodeResult(CommitmentResult result, String transferSyntax) {
        Writer w = new Writer(explicit(transferSyntax));
        w.uid(TRANSACTION_UID, result.transactionUid());
        if (!result.failed().isEmpty()) {
            w.sequence(FAILED_SOP_SEQUENCE, result.failed(), (item, failed) -> {
                reference(item, failed.reference());
                item.us(FAILURE_REASON, failed.failureReason());
            });
        }
        if (!result.committed().isEmpty()) {
            w.sequence(REFERENCED_SOP_SEQUENCE, result.committed(), (item, ref) -> reference(item, ref));
        }
        return w.bytes();
    }

    /** Decodes an N-ACTION-RQ data set; one without Transaction UID or references is a protocol error. */
    public static CommitmentRequest decodeRequest(byte[] data, String transferSyntax) throws ProtocolException {
        Parsed parsed = new Reader(data, explicit(transferSyntax)).read();
        if (!DicomUids.isValid(parsed.transactionUid)) {
            throw new ProtocolException("N-ACTION data set lacks a valid Transaction UID");
        }
        if (parsed.referenced.isEmpty()) {
            throw new ProtocolException("N-ACTION data set references no instance (Referenced SOP Sequence)");
        }
        return new CommitmentRequest(parsed.transactionUid, parsed.referenced);
    }

    /** Decodes an N-EVENT-REPORT-RQ data set (for requesters: the tests' own and any later SCU of ours). */
    public static CommitmentResult decodeResult(byte[] data, String transferSyntax) throws ProtocolException {
        Parsed parsed = new Reader(data, explicit(transferSyntax)).read();
        return new CommitmentResult(parsed.transactionUid, parsed.referenced, parsed.failed);
    }

    private static void reference(Writer item, SopReference ref) {
        item.uid(REFERENCED_SOP_CLASS_UID, ref.sopClassUid());
        item.uid(REFERENCED_SOP_INSTANCE_UID, ref.sopInstanceUid());
    }

    private static boolean explicit(String transferSyntax) {
        if (TransferSyntaxes.EXPLICIT_VR_LITTLE_ENDIAN.equals(transferSyntax)) {
            return true;
        }
        if (TransferSyntaxes.IMPLICIT_VR_LITTLE_ENDIAN.equals(transferSyntax)) {
            return false;
        }
        throw new IllegalArgumentException("storage commitment data sets are read and written in implicit or explicit"
                + " VR little endian only, not " + transferSyntax);
    }

    /** What the reader found at the top level. */
    private static final class Parsed {
        String transactionUid = "";
        final List<SopReference> referenced = new ArrayList<>();
        final List<FailedSop> failed = new ArrayList<>();
    }

    private interface ItemWriter<T> {
        void write(Writer item, T value);
    }

    private static final class Writer {
        private final boolean explicit;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

        Writer(boolean explicit) {
            this.explicit = explicit;
        }

        void uid(int tag, String value) {
            byte[] v = value.getBytes(StandardCharsets.US_ASCII);
            int length = v.length + (v.length % 2);
            header(tag, "UI", length);
            out.writeBytes(v);
            if (length != v.length) {
                out.write(0);
            }
        }

        void us(int tag, int value) {
            header(tag, "US", 2);
            le(value, 2);
        }

        <T> void sequence(int tag, List<T> items, ItemWriter<T> each) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (T value : items) {
                Writer item = new Writer(explicit);
                each.write(item, value);
                byte[] bytes = item.bytes();
                Writer itemHeader = new Writer(explicit);
                itemHeader.tag(ITEM);
                itemHeader.le(bytes.length, 4);
                body.writeBytes(itemHeader.bytes());
                body.writeBytes(bytes);
            }
            header(tag, "SQ", body.size());
            out.writeBytes(body.toByteArray());
        }

        private void header(int tag, String vr, int length) {
            tag(tag);
            if (explicit) {
                out.writeBytes(vr.getBytes(StandardCharsets.US_ASCII));
                if (LONG_VRS.contains(vr)) {
                    le(0, 2);
                    le(length, 4);
                } else {
                    le(length, 2);
                }
            } else {
                le(length, 4);
            }
        }

        private void tag(int tag) {
            le(tag >>> 16, 2);
            le(tag & 0xFFFF, 2);
        }

        private void le(long v, int bytes) {
            for (int i = 0; i < bytes; i++) {
                out.write((int) (v >>> (8 * i)) & 0xFF);
            }
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    /** A small reader: the commitment attributes by tag, everything else skipped, sequences of any length form. */
    private static final class Reader {
        private static final int MAX_DEPTH = 8;
        private final byte[] b;
        private final boolean explicit;
        private int at;

        Reader(byte[] b, boolean explicit) {
            this.b = b;
            this.explicit = explicit;
        }

        Parsed read() throws ProtocolException {
            Parsed parsed = new Parsed();
            while (at < b.length) {
                Element e = element();
                switch (e.tag) {
                    case TRANSACTION_UID -> parsed.transactionUid = string(e);
                    case REFERENCED_SOP_SEQUENCE -> {
                        for (ItemValues item : items(e, 1)) {
                            parsed.referenced.add(item.reference());
                        }
                    }
                    case FAILED_SOP_SEQUENCE -> {
                        for (ItemValues item : items(e, 1)) {
                            parsed.failed.add(new FailedSop(item.reference(), item.failureReason, ""));
                        }
                    }
                    default -> skip(e, 1);
                }
            }
            return parsed;
        }

        private record Element(int tag, String vr, long length) {}

        private static final class ItemValues {
            String sopClass = "";
            String sopInstance = "";
            int failureReason = StorageCommitment.PROCESSING_FAILURE;

            SopReference reference() {
                return new SopReference(sopClass, sopInstance);
            }
        }

        private Element element() throws ProtocolException {
            need(8);
            int tag = (u16(at) << 16) | u16(at + 2);
            at += 4;
            if (tag == ITEM || tag == ITEM_DELIMITATION || tag == SEQUENCE_DELIMITATION) {
                long length = u32(at);
                at += 4;
                return new Element(tag, "", length);
            }
            if (explicit) {
                String vr = new String(b, at, 2, StandardCharsets.US_ASCII);
                at += 2;
                if (LONG_VRS.contains(vr)) {
                    need(6);
                    at += 2;
                    long length = u32(at);
                    at += 4;
                    return new Element(tag, vr, length);
                }
                int length = u16(at);
                at += 2;
                return new Element(tag, vr, length);
            }
            long length = u32(at);
            at += 4;
            boolean sequence = tag == REFERENCED_SOP_SEQUENCE || tag == FAILED_SOP_SEQUENCE || length == UNDEFINED;
            return new Element(tag, sequence ? "SQ" : "", length);
        }

        private List<ItemValues> items(Element sequence, int depth) throws ProtocolException {
            if (depth > MAX_DEPTH) {
                throw new ProtocolException("storage commitment data set nests sequences too deeply");
            }
            List<ItemValues> items = new ArrayList<>();
            long end = sequence.length == UNDEFINED ? Long.MAX_VALUE : at + sequence.length;
            if (end != Long.MAX_VALUE && end > b.length) {
                throw new ProtocolException("sequence overruns the data set");
            }
            while (at < end) {
                Element item = element();
                if (item.tag == SEQUENCE_DELIMITATION) {
                    return items;
                }
                if (item.tag != ITEM) {
                    throw new ProtocolException("sequence holds a non-item element");
                }
                items.add(item(item, depth));
            }
            if (end == Long.MAX_VALUE) {
                throw new ProtocolException("sequence of undefined length without its delimitation");
            }
            return items;
        }

        private ItemValues item(Element item, int depth) throws ProtocolException {
            ItemValues values = new ItemValues();
            long end = item.length == UNDEFINED ? Long.MAX_VALUE : at + item.length;
            if (end != Long.MAX_VALUE && end > b.length) {
                throw new ProtocolException("item overruns the data set");
            }
            while (at < end) {
                Element e = element();
                if (e.tag == ITEM_DELIMITATION) {
                    return values;
                }
                switch (e.tag) {
                    case REFERENCED_SOP_CLASS_UID -> values.sopClass = string(e);
                    case REFERENCED_SOP_INSTANCE_UID -> values.sopInstance = string(e);
                    case FAILURE_REASON -> {
                        if (e.length != 2) {
                            throw new ProtocolException("Failure Reason is not 2 bytes");
                        }
                        values.failureReason = u16(at);
                        at += 2;
                    }
                    default -> skip(e, depth + 1);
                }
            }
            if (end == Long.MAX_VALUE) {
                throw new ProtocolException("item of undefined length without its delimitation");
            }
            return values;
        }

        private void skip(Element e, int depth) throws ProtocolException {
            if ("SQ".equals(e.vr) || e.length == UNDEFINED) {
                items(e, depth);
                return;
            }
            need(e.length);
            at += (int) e.length;
        }

        private String string(Element e) throws ProtocolException {
            if (e.length == UNDEFINED) {
                throw new ProtocolException("UID of undefined length");
            }
            need(e.length);
            String value = new String(b, at, (int) e.length, StandardCharsets.US_ASCII);
            at += (int) e.length;
            return DicomUids.trimPadding(value);
        }

        private void need(long bytes) throws ProtocolException {
            if (bytes < 0 || at + bytes > b.length) {
                throw new ProtocolException("storage commitment data set truncated");
            }
        }

        private int u16(int i) {
            return (b[i] & 0xFF) | ((b[i + 1] & 0xFF) << 8);
        }

        private long u32(int i) throws ProtocolException {
            need(i + 4L - at);
            return (b[i] & 0xFFL) | ((b[i + 1] & 0xFFL) << 8) | ((b[i + 2] & 0xFFL) << 16) | ((b[i + 3] & 0xFFL) << 24);
        }
    }
}
