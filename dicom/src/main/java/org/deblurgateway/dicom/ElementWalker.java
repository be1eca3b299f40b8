package org.deblurgateway.dicom;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * The one walk of a data set's element structure: explicit or implicit VR, little or big endian, defined and
 * undefined lengths, sequences and their items, encapsulated pixel data fragments. It proves that every length
 * chains to the end of the stream (or to where its {@link Visitor} stops it) while skipping values unread, and
 * hands only the top-level elements its visitor asks for to that visitor, so what else the data set carries
 * (private groups, bulk data) never reaches the heap. The receipt check ({@link DataSetStructure}), the pixel
 * decoder's header read and its check of declared lengths ({@link DeclaredLengths}) are its visitors.
 */
public final class ElementWalker {

    /** Deepest nesting of sequences taken; deeper is refused rather than recursed into. */
    static final int MAX_DEPTH = 32;

    private static final long UNDEFINED_LENGTH = 0xFFFFFFFFL;
    private static final int PIXEL_DATA = 0x7FE00010;
    private static final int FLOAT_PIXEL_DATA = 0x7FE00008;
    private static final int DOUBLE_FLOAT_PIXEL_DATA = 0x7FE00009;
    private static final int ITEM = 0xFFFEE000;
    private static final int ITEM_DELIMITER = 0xFFFEE00D;
    private static final int SEQUENCE_DELIMITER = 0xFFFEE0DD;

    /** What a walk's user decides about the top-level elements; nested ones are always skipped. */
    public interface Visitor {

        /** Whether the walk ends before the element {@code tag}, with nothing of it read beyond its tag. */
        default boolean stopsBefore(int tag) {
            return false;
        }

        /**
         * Whether the value of the defined-length element {@code tag} is wanted: then it is read and handed to
         * {@link #kept}, else skipped unread.
         *
         * @throws MalformedDataSetException to refuse the element (e.g. longer than its use allows)
         */
        default boolean wants(int tag, long length) throws MalformedDataSetException {
            return false;
        }

        /** A wanted element: its header ({@code headerLength} bytes of {@code header}) and value, as encoded. */
        default void kept(byte[] header, int headerLength, byte[] value) {}
    }

    /**
     * How a command element (group 0000) whose VR is not two capital letters is read in an explicit VR data set.
     * Such elements have no place in a data set; some real-world files carry them implicitly encoded.
     */
    public enum StrayCommandElements {
        /** "invalid VR at (0000,eeee)", as for any other element. */
        REFUSE,
        /**
         * As PixelMed reads them, so that the lengths it will trust are the ones checked: a VR of two zero bytes or
         * two hyphens as UN (reserved bytes, then a 32-bit length), other bytes below 'A' as an implicit VR element
         * (a 32-bit length right after the tag); anything else is refused. After the top-level pixel data such an
         * element ends the walk: PixelMed stops reading at the pixel data, and what follows there (a zero-filled
         * tail, as a corpus file has) is never read.
         */
        READ_AS_PIXELMED_DOES
    }

    /**
     * How a walk ended.
     *
     * @param elements  the number of top-level elements walked
     * @param stoppedAt the tag the walk stopped at (one its visitor stops before, or a stray command element after
     *                  the pixel data), 0 when it reached the end of the stream
     */
    public record Outcome(int elements, int stoppedAt) {}

    private final InputStream in;
    private final Visitor visitor;
    private final StrayCommandElements commandElements;
    private final byte[] header = new byte[12];
    private int stoppedAt;
    private boolean afterPixelData;

    private ElementWalker(InputStream in, Visitor visitor, StrayCommandElements commandElements) {
        this.in = in;
        this.visitor = visitor;
        this.commandElements = commandElements;
    }

    /**
     * Walks {@code in} (the data set, inflated already when deflated) to its end or to where {@code visitor} stops.
     *
     * @throws EOFException              the stream ends inside an element or an undefined-length item or sequence
     * @throws MalformedDataSetException the structure is broken (the message says how) or the visitor refused
     * @throws IOException               the stream cannot be read
     */
    public static Outcome walk(
            InputStream in, TransferSyntaxes.Encoding encoding, Visitor visitor, StrayCommandElements commandElements)
            throws IOException, MalformedDataSetException {
        ElementWalker walker = new ElementWalker(in, visitor, commandElements);
        int elements = walker.walkDataSet(encoding.explicitVr(), encoding.bigEndian(), true, 0);
        return new Outcome(elements, walker.stoppedAt);
    }

    /** Walks elements until end of stream or a stop (top level), or an item delimiter (nested). */
    private int walkDataSet(boolean explicit, boolean big, boolean topLevel, int depth)
            throws IOException, MalformedDataSetException {
        if (depth > MAX_DEPTH) {
            throw new MalformedDataSetException("sequences nested deeper than " + MAX_DEPTH);
        }
        int elements = 0;
        while (true) {
            int first = in.read();
            if (first < 0) {
                if (topLevel) {
                    return elements;
                }
                throw new EOFException();
            }
            header[0] = (byte) first;
            readFully(header, 1, 3);
            int tag = tag(big);
            if (tag == ITEM_DELIMITER && !topLevel) {
                readFully(header, 4, 4);
                return elements;
            }
            if (topLevel && visitor.stopsBefore(tag)) {
                stoppedAt = tag;
                return elements;
            }
            if ((tag >>> 16) == 0xFFFE) {
                throw new MalformedDataSetException(
                        String.format("unexpected delimiter (%04X,%04X)", tag >>> 16, tag & 0xFFFF));
            }
            long length;
            int headerLength;
            boolean nestedExplicit = explicit;
            if (explicit) {
                readFully(header, 4, 2);
                String vr = explicitVr(tag, topLevel);
                if (vr == null) {
                    stoppedAt = tag;
                    return elements;
                }
                if (vr.isEmpty()) {
                    // A stray implicit VR command element: its 32-bit length follows the tag.
                    length = uint32(big, 4);
                    headerLength = 8;
                    nestedExplicit = false;
                } else if (hasLongLength(vr)) {
                    readFully(header, 6, 6); // two reserved bytes, then the 32-bit length
                    length = uint32(big, 8);
                    headerLength = 12;
                    // UN of undefined length holds implicit VR little endian items (PS3.5 6.2.2).
                    nestedExplicit = !"UN".equals(vr);
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
            if (length == UNDEFINED_LENGTH) {
                walkItems(nestedExplicit, nestedExplicit && big, depth + 1);
            } else if (topLevel && visitor.wants(tag, length)) {
                byte[] value = new byte[(int) length];
                readFully(value, 0, value.length);
                visitor.kept(header, headerLength, value);
            } else {
                in.skipNBytes(length);
            }
            elements++;
            if (topLevel && (tag == PIXEL_DATA || tag == FLOAT_PIXEL_DATA || tag == DOUBLE_FLOAT_PIXEL_DATA)) {
                afterPixelData = true;
            }
        }
    }

    /**
     * The VR of an explicit VR element whose first two VR bytes are in {@code header[4..5]}; "" for a stray command
     * element read as implicit VR, whose 32-bit length then starts at {@code header[4]} (the rest is read here); null
     * for one after the pixel data, where the walk ends.
     */
    private String explicitVr(int tag, boolean topLevel) throws IOException, MalformedDataSetException {
        char v1 = (char) (header[4] & 0xFF);
        char v2 = (char) (header[5] & 0xFF);
        if (v1 >= 'A' && v1 <= 'Z' && v2 >= 'A' && v2 <= 'Z') {
            return "" + v1 + v2;
        }
        if ((tag >>> 16) == 0x0000 && commandElements == StrayCommandElements.READ_AS_PIXELMED_DOES) {
            if (afterPixelData && topLevel) {
                return null;
            }
            if ((v1 == 0 && v2 == 0) || (v1 == '-' && v2 == '-')) {
                return "UN";
            }
            if (v1 < 'A' || v2 < 'A') {
                readFully(header, 6, 2);
                return "";
            }
        }
        throw new MalformedDataSetException(String.format("invalid VR at (%04X,%04X)", tag >>> 16, tag & 0xFFFF));
    }

    /** Walks the items of an undefined-length sequence or encapsulated pixel data up to its delimiter. */
    private void walkItems(boolean explicit, boolean big, int depth) throws IOException, MalformedDataSetException {
        while (true) {
            readFully(header, 0, 8);
            int tag = tag(big);
            long length = uint32(big, 4);
            if (tag == SEQUENCE_DELIMITER) {
                return;
            }
            if (tag != ITEM) {
                throw new MalformedDataSetException(
                        String.format("expected an item, found (%04X,%04X)", tag >>> 16, tag & 0xFFFF));
            }
            if (length == UNDEFINED_LENGTH) {
                walkDataSet(explicit, big, false, depth);
            } else {
                in.skipNBytes(length);
            }
        }
    }

    /** Whether an explicit VR element of this VR has two reserved bytes and a 32-bit length (PS3.5 7.1.2). */
    public static boolean hasLongLength(String vr) {
        return switch (vr) {
            case "OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV" -> true;
            default -> false;
        };
    }

    private int tag(boolean big) {
        int group = (int) uint16(big, 0);
        int element = (int) uint16(big, 2);
        return (group << 16) | element;
    }

    private long uint16(boolean big, int at) {
        int a = header[at] & 0xFF;
        int b = header[at + 1] & 0xFF;
        return big ? (a << 8) | b : (b << 8) | a;
    }

    private long uint32(boolean big, int at) {
        long v = 0;
        for (int i = 0; i < 4; i++) {
            int b = header[big ? at + i : at + 3 - i] & 0xFF;
            v = (v << 8) | b;
        }
        return v;
    }

    private void readFully(byte[] b, int off, int len) throws IOException {
        int n = in.readNBytes(b, off, len);
        if (n < len) {
            throw new EOFException();
        }
    }
}
