package org.deblurgateway.dicom;

import java.io.EOFException;
import java.io.IOException;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The File Meta Information of a Part 10 file as read (PS3.10 7.1), the one reading of group 0002 before the
 * {@link ElementWalker} walks the data set ({@link FileMetaInformation} writes it): where the data set starts, the
 * transfer syntax it is encoded in and the Media Storage SOP Class UID. Elements are read one by one (always explicit
 * VR little endian); only the two UIDs' values are read (at most {@value #MAX_UID_READ} bytes each), the others are
 * skipped, and each declared length is first put to the caller's {@link LengthRule}.
 *
 * @param dataSetOffset           where the data set starts: after the preamble, "DICM" and the group 0002 elements
 * @param transferSyntaxUid       (0002,0010), empty when absent
 * @param mediaStorageSopClassUid (0002,0002), empty when absent
 */
public record FileMetaHeader(long dataSetOffset, String transferSyntaxUid, String mediaStorageSopClassUid) {

    /** Preamble and "DICM" (PS3.10 7.1). */
    public static final int PREAMBLE_AND_PREFIX = 132;

    /** Far above any UID (64 characters); a longer value is read this far, the rest skipped. */
    static final int MAX_UID_READ = 256;

    private static final int MEDIA_STORAGE_SOP_CLASS_UID = 0x0002;
    private static final int TRANSFER_SYNTAX_UID = 0x0010;

    /** Whether a meta element's declared length is taken; each reader refuses in its own words. */
    @FunctionalInterface
    public interface LengthRule {

        /**
         * @param element     the element number of (0002,eeee)
         * @param length      the length its header declares
         * @param valueOffset where its value would start, counted from the file's first byte
         * @throws MalformedDataSetException the length is refused
         */
        void check(int element, long length, long valueOffset) throws MalformedDataSetException;
    }

    /**
     * Reads the preamble and the group 0002 elements from {@code in} (which must take back 4 bytes) and leaves it at
     * the data set's first byte. Empty when there is no "DICM" after the preamble (a bare data set, or not DICOM);
     * the header ends where the bytes end or an element of another group starts.
     *
     * @throws EOFException      the stream ends inside a meta element
     * @throws MalformedDataSetException {@code rule} refuses a declared length
     * @throws IOException               the stream cannot be read
     */
    public static Optional<FileMetaHeader> read(PushbackInputStream in, LengthRule rule)
            throws IOException, MalformedDataSetException {
        byte[] prefix = in.readNBytes(PREAMBLE_AND_PREFIX);
        if (prefix.length < PREAMBLE_AND_PREFIX
                || !"DICM".equals(new String(prefix, 128, 4, StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        long at = PREAMBLE_AND_PREFIX;
        String transferSyntax = "";
        String sopClass = "";
        byte[] header = new byte[8];
        while (true) {
            int n = in.readNBytes(header, 0, 4);
            if (n < 4) {
                return Optional.of(new FileMetaHeader(at, transferSyntax, sopClass)); // nothing after the header
            }
            if (header[0] != 0x02 || header[1] != 0x00) {
                in.unread(header, 0, 4);
                return Optional.of(new FileMetaHeader(at, transferSyntax, sopClass));
            }
            int element = (header[2] & 0xFF) | (header[3] & 0xFF) << 8;
            if (in.readNBytes(header, 4, 4) < 4) {
                throw new EOFException("file meta element header cut short");
            }
            String vr = new String(header, 4, 2, StandardCharsets.US_ASCII);
            long length;
            int headerLength;
            if (ElementWalker.hasLongLength(vr)) {
                byte[] more = in.readNBytes(4);
                if (more.length < 4) {
                    throw new EOFException("file meta element header cut short");
                }
                length = (more[0] & 0xFFL) | (more[1] & 0xFFL) << 8 | (more[2] & 0xFFL) << 16 | (more[3] & 0xFFL) << 24;
                headerLength = 12;
            } else {
                length = (header[6] & 0xFF) | (header[7] & 0xFF) << 8;
                headerLength = 8;
            }
            rule.check(element, length, at + headerLength);
            if (element == TRANSFER_SYNTAX_UID || element == MEDIA_STORAGE_SOP_CLASS_UID) {
                int wanted = (int) Math.min(length, MAX_UID_READ);
                byte[] value = in.readNBytes(wanted);
                if (value.length < wanted) {
                    throw new EOFException("file meta element value cut short");
                }
                in.skipNBytes(length - value.length);
                String uid = DicomUids.trimPadding(new String(value, StandardCharsets.US_ASCII).trim());
                if (element == TRANSFER_SYNTAX_UID) {
                    transferSyntax = uid;
                } else {
                    sopClass = uid;
                }
            } else {
                in.skipNBytes(length);
            }
            at += headerLength + length;
        }
    }
}
