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
import org.deblurgateway.dicom.DataSetStreams;
import org.deblurgateway.dicom.DicomUids;
import org.deblurgateway.dicom.ElementWalker;
import org.deblurgateway.dicom.MalformedDataSetException;
import org.deblurgateway.dicom.TransferSyntaxes;

/**
 * Scans a Part 10 file up to its first top-level pixel element without loading what it does not need: the file meta
 * header's transfer syntax, then the data set element by element ({@link ElementWalker}), copying only a few wanted top-level elements
 * (each at most 64 KiB) and skipping every other value as it passes (private groups, sequences, bulk data, however
 * long), so the heap holds at most the wanted elements, whatever the object carries before its pixels.
 */
final class HeaderScan implements ElementWalker.Visitor {

    /** Longest value of a wanted element: far above what their VRs allow (US 2 bytes, CS 16, UI 64). */
    static final int MAX_KEPT_VALUE = 64 * 1024;

    static final int PIXEL_DATA = 0x7FE00010;
    static final int FLOAT_PIXEL_DATA = 0x7FE00008;
    static final int DOUBLE_FLOAT_PIXEL_DATA = 0x7FE00009;

    private static final int BUFFER = 64 * 1024;
    private static final int MEDIA_STORAGE_SOP_CLASS_UID = 0x00020002;
    private static final int TRANSFER_SYNTAX_UID = 0x00020010;

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

    private HeaderScan(Set<Integer> wanted) {
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
            try (InputStream dataSet = DataSetStreams.decoded(raw, encoding)) {
                HeaderScan scan = new HeaderScan(wanted);
                int pixelTag = ElementWalker.walk(dataSet, encoding, scan, ElementWalker.StrayCommandElements.REFUSE)
                        .stoppedAt();
                return Optional.of(new Result(scan.kept.toByteArray(), ts, meta.sopClassUid(), pixelTag));
            } catch (EOFException e) {
                throw notDecodable("data set ends inside an element");
            } catch (MalformedDataSetException e) {
                throw notDecodable(e.getMessage());
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
            if (ElementWalker.hasLongLength(vr)) {
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

    /** The walk ends before the first top-level pixel element. */
    @Override
    public boolean stopsBefore(int tag) {
        return tag == PIXEL_DATA || tag == FLOAT_PIXEL_DATA || tag == DOUBLE_FLOAT_PIXEL_DATA;
    }

    /** A wanted element longer than its VR allows is skipped, not kept: the header read never needs it. */
    @Override
    public boolean wants(int tag, long length) {
        return wanted.contains(tag) && length <= MAX_KEPT_VALUE;
    }

    @Override
    public void kept(byte[] header, int headerLength, byte[] value) {
        kept.write(header, 0, headerLength);
        kept.writeBytes(value);
    }

    private static NotDecodableException notDecodable(String why) {
        return new NotDecodableException(
                PassThroughReason.UNSUPPORTED_PIXEL_FORMAT, "data set cannot be parsed: " + why);
    }
}
