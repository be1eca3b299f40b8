package org.deblurgateway.dicom.pixels;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.deblurgateway.dicom.DataSetStreams;
import org.deblurgateway.dicom.ElementWalker;
import org.deblurgateway.dicom.FileMetaHeader;
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
            Optional<FileMetaHeader> meta = meta(raw);
            String ts = meta.map(FileMetaHeader::transferSyntaxUid).orElse("");
            if (ts.isEmpty()) {
                return Optional.empty();
            }
            TransferSyntaxes.Encoding encoding = TransferSyntaxes.encodingOf(ts);
            try (InputStream dataSet = DataSetStreams.decoded(raw, encoding)) {
                HeaderScan scan = new HeaderScan(wanted);
                int pixelTag = ElementWalker.walk(dataSet, encoding, scan, ElementWalker.StrayCommandElements.REFUSE)
                        .stoppedAt();
                return Optional.of(
                        new Result(scan.kept.toByteArray(), ts, meta.get().mediaStorageSopClassUid(), pixelTag));
            } catch (EOFException e) {
                throw notDecodable("data set ends inside an element");
            } catch (MalformedDataSetException e) {
                throw notDecodable(e.getMessage());
            }
        }
    }

    /** The file meta header ({@link FileMetaHeader}); a value longer than any wanted one is refused. */
    private static Optional<FileMetaHeader> meta(PushbackInputStream in) throws IOException, NotDecodableException {
        try {
            return FileMetaHeader.read(in, (element, length, valueOffset) -> {
                if (length > MAX_KEPT_VALUE) {
                    throw new MalformedDataSetException("file meta element of " + length + " bytes");
                }
            });
        } catch (EOFException e) {
            throw notDecodable("file meta header ends inside an element");
        } catch (MalformedDataSetException e) {
            throw notDecodable(e.getMessage());
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
