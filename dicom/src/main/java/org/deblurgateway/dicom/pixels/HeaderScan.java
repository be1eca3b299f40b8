package org.deblurgateway.dicom.pixels;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.deblurgateway.dicom.DicomUids;
import org.deblurgateway.dicom.TransferSyntaxes;

/**
 * Scans a Part 10 file up to its first top-level pixel element without loading what it does not need: the file meta
 * header's transfer syntax, then the data set element by element, copying only a few wanted top-level elements
 * (each at most 64 KiB) and skipping every other value as it passes (private groups, sequences, bulk data, however
 * long), so the heap holds at most the wanted elements, whatever the object carries before its pixels.
 */
final class HeaderScan {

    /** Longest value of a wanted element: far above what their VRs allow (US 2 bytes, CS 16, UI 64). */
    static final int MAX_KEPT_VALUE = 64 * 1024;

    static final int PIXEL_DATA = 0x7FE00010;
    static final int FLOAT_PIXEL_DATA = 0x7FE00008;
    static final int DOUBLE_FLOAT_PIXEL_DATA = 0x7FE00009;

    private static final int BUFFER = 64 * 1024;
    private static final int MAX_DEPTH = 32;
    private static final int ITEM = 0xFFFEE000;
    private static final int ITEM_DELIMITER = 0xFFFEE00D;
    private static final int SEQUENCE_DELIMITER = 0xFFFEE0DD;
    private static final int MEDIA_STORAGE_SOP_CLASS_UID = 0x00020002;
    private static final int TRANSFER_SYNTAX_UID = 0x00020010;

    private final InputStream in;
    private final byte[] header = new byte[12];
    private final Set<Integer> wanted;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream(1024);

    /**
     * What the scan found.
     *
     * @param kept              the wanted elements, header and value as the data set encodes them (inflated when
     *                          deflated)
     * @param transferSyntaxUid the file meta header's transfer syntax
     * @param metaSopClassUid   the file meta header's Media Storage SOP Class UID, empty when absent
     * @param pixelTag          the first top-level pixel element's tag, 0 when there is none
     */
    record Result(byte[] kept, String transferSyntaxUid, String metaSopClassUid, int pixelTag) {}

    /** The two UIDs of the file meta header that decoding reads. */
    private record Meta(String transferSyntaxUid, String sopClassUid) {}

    private HeaderScan(InputStream in, Set<Integer> wanted) {
        this.in = in;
        this.wanted = wanted;
    }

    /**
     * Scans {@code file}; empty when it is not a Part 10 file with a transfer syntax in its meta header (no "DICM"
     * after the preamble), which the caller reads another way.
     *
     * @throws NotDecodableException the data set's structure is broken before the pixel data
     * @throws IOException           the file cannot be read
     */
    static Optional<Result> scan(Path file, Set<Integer> wanted) throws NotDecodableException, IOException {
        try (PushbackInputStream raw =
                new PushbackInputStream(new BufferedInputStream(Files.newInputStream(file), BUFFER), 4)) {
            byte[] preamble = raw.readNBytes(132);
            if (preamble.length < 132 || !"DICM".equals(new String(preamble, 128, 4, StandardCharsets.US_ASCII))) {
                return Optional.empty();
            }
            Meta meta = meta(raw);
            String ts = meta.transferSyntaxUid();
            if (ts.isEmpty()) {
                return Optional.empty();
            }
            TransferSyntaxes.Encoding encoding = TransferSyntaxes.encodingOf(ts);
            InputStream dataSet = raw;
            Inflater inflater = null;
            if (encoding == TransferSyntaxes.Encoding.DEFLATED_EXPLICIT_LITTLE) {
                inflater = new Inflater(true); // raw deflate, no zlib header (PS3.5 A.5)
                dataSet = new InflaterInputStream(raw, inflater, BUFFER);
            }
            try {
                HeaderScan scan = new HeaderScan(dataSet, wanted);
                int pixelTag = scan.walk(encoding.explicitVr(), encoding.bigEndian(), true, 0);
                return Optional.of(new Result(scan.kept.toByteArray(), ts, meta.sopClassUid(), pixelTag));
            } catch (EOFException e) {
                throw notDecodable("data set ends inside an element");
            } finally {
                if (inflater != null) {
                    inflater.end();
                }
            }
        }
    }

    /** Reads the group 0002 elements (always explicit VR little endian) up to the data set's first element. */
    private static Meta meta(PushbackInputStream in) throws IOException, NotDecodableException {
        String ts = "";
        String sopClass = "";
        byte[] h = new byte[8];
        while (true) {
            int n = in.readNBytes(h, 0, 4);
            if (n < 4) {
                return new Meta(ts, sopClass); // a meta header and nothing else: no pixel data follows
            }
            int group = (h[0] & 0xFF) | (h[1] & 0xFF) << 8;
            if (group != 0x0002) {
                in.unread(h, 0, 4);
                return new Meta(ts, sopClass);
            }
            int element = (h[2] & 0xFF) | (h[3] & 0xFF) << 8;
            if (in.readNBytes(h, 4, 4) < 4) {
                throw notDecodable("file meta header ends inside an element");
            }
            String vr = new String(h, 4, 2, StandardCharsets.US_ASCII);
            long length;
            if (hasLongLength(vr)) {
                byte[] l = in.readNBytes(4);
                if (l.length < 4) {
                    throw notDecodable("file meta header ends inside an element");
                }
                length = (l[0] & 0xFFL) | (l[1] & 0xFFL) << 8 | (l[2] & 0xFFL) << 16 | (l[3] & 0xFFL) << 24;
            } else {
                length = (h[6] & 0xFF) | (h[7] & 0xFF) << 8;
            }
            if (length > MAX_KEPT_VALUE) {
                throw notDecodable("file meta element of " + length + " bytes");
            }
            byte[] value = in.readNBytes((int) length);
            if (value.length < length) {
                throw notDecodable("file meta header ends inside an element");
            }
            String uid = DicomUids.trimPadding(new String(value, StandardCharsets.US_ASCII).trim());
            switch ((group << 16) | element) {
                case TRANSFER_SYNTAX_UID -> ts = uid;
                case MEDIA_STORAGE_SOP_CLASS_UID -> sopClass = uid;
                default -> {}
            }
        }
    }

    /**
     * Walks elements until end of stream or the first pixel element (top level), or an item delimiter (nested);
     * returns the pixel element's tag, 0 when none.
     */
    private int walk(boolean explicit, boolean big, boolean topLevel, int depth)
            throws IOException, NotDecodableException {
        if (depth > MAX_DEPTH) {
            throw notDecodable("sequences nested deeper than " + MAX_DEPTH);
        }
        while (true) {
            int first = in.read();
            if (first < 0) {
                if (topLevel) {
                    return 0;
                }
                throw new EOFException();
            }
            header[0] = (byte) first;
            readFully(header, 1, 3);
            int tag = tag(big);
            if (tag == ITEM_DELIMITER && !topLevel) {
                readFully(header, 4, 4);
                return 0;
            }
            if (topLevel && (tag == PIXEL_DATA || tag == FLOAT_PIXEL_DATA || tag == DOUBLE_FLOAT_PIXEL_DATA)) {
                return tag;
            }
            if ((tag >>> 16) == 0xFFFE) {
                throw notDecodable(String.format("unexpected delimiter (%04X,%04X)", tag >>> 16, tag & 0xFFFF));
            }
            long length;
            int headerLength;
            boolean nestedExplicit = explicit;
            if (explicit) {
                readFully(header, 4, 2);
                char v1 = (char) (header[4] & 0xFF);
                char v2 = (char) (header[5] & 0xFF);
                if (v1 < 'A' || v1 > 'Z' || v2 < 'A' || v2 > 'Z') {
                    throw notDecodable(String.format("invalid VR at (%04X,%04X)", tag >>> 16, tag & 0xFFFF));
                }
                String vr = "" + v1 + v2;
                if (hasLongLength(vr)) {
                    readFully(header, 6, 6);
                    length = uint32(big, 8);
                    headerLength = 12;
                    nestedExplicit = !"UN".equals(vr); // UN of undefined length holds implicit VR items
                } else {
                    readFully(header, 6, 2);
                    length = uint16(big, 6);
                    headerLength = 8;
                }
            } else {
                readFully(header, 4, 4);
                length = uint32(big, 4);
                headerLength = 8;
            }
            if (length == 0xFFFFFFFFL) {
                skipItems(nestedExplicit, nestedExplicit && big, depth + 1);
            } else if (topLevel && wanted.contains(tag) && length <= MAX_KEPT_VALUE) {
                byte[] value = new byte[(int) length];
                readFully(value, 0, value.length);
                kept.write(header, 0, headerLength);
                kept.writeBytes(value);
            } else {
                in.skipNBytes(length);
            }
        }
    }

    /** Skips the items of an undefined-length sequence up to its delimiter. */
    private void skipItems(boolean explicit, boolean big, int depth) throws IOException, NotDecodableException {
        while (true) {
            readFully(header, 0, 8);
            int tag = tag(big);
            long length = uint32(big, 4);
            if (tag == SEQUENCE_DELIMITER) {
                return;
            }
            if (tag != ITEM) {
                throw notDecodable(String.format("expected an item, found (%04X,%04X)", tag >>> 16, tag & 0xFFFF));
            }
            if (length == 0xFFFFFFFFL) {
                walk(explicit, big, false, depth);
            } else {
                in.skipNBytes(length);
            }
        }
    }

    private static boolean hasLongLength(String vr) {
        return switch (vr) {
            case "OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV" -> true;
            default -> false;
        };
    }

    private int tag(boolean big) {
        return (int) (uint16(big, 0) << 16 | uint16(big, 2));
    }

    private long uint16(boolean big, int at) {
        int a = header[at] & 0xFF;
        int b = header[at + 1] & 0xFF;
        return big ? (a << 8) | b : (b << 8) | a;
    }

    private long uint32(boolean big, int at) {
        long v = 0;
        for (int i = 0; i < 4; i++) {
            v = (v << 8) | (header[big ? at + i : at + 3 - i] & 0xFF);
        }
        return v;
    }

    private void readFully(byte[] b, int off, int len) throws IOException {
        if (in.readNBytes(b, off, len) < len) {
            throw new EOFException();
        }
    }

    private static NotDecodableException notDecodable(String why) {
        return new NotDecodableException(
                PassThroughReason.UNSUPPORTED_PIXEL_FORMAT, "data set cannot be parsed: " + why);
    }
}
