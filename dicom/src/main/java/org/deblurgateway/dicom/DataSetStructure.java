package org.deblurgateway.dicom;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.IntPredicate;

/**
 * Walks a data set element by element, skipping values, to prove that every length chains to the end of the
 * stream: catches truncated objects (also inside pixel data) and garbage without loading values into memory. On the
 * way it can copy a few wanted top-level elements (the summary's) into a small buffer, so nothing else of the data
 * set (private groups, bulk data) ever reaches the heap.
 */
final class DataSetStructure {

    /** Longest value of a kept element: far above what any summary attribute's VR allows (UI 64, LO 64 chars). */
    static final int MAX_KEPT_VALUE = 64 * 1024;

    private static final int UNDEFINED = -1;
    private static final int MAX_DEPTH = 32;
    private static final int ITEM = 0xFFFEE000;
    private static final int ITEM_DELIMITER = 0xFFFEE00D;
    private static final int SEQUENCE_DELIMITER = 0xFFFEE0DD;

    private final InputStream in;
    private final byte[] header = new byte[12];
    private final IntPredicate keep;
    private final ByteArrayOutputStream kept;

    private DataSetStructure(InputStream in, IntPredicate keep, ByteArrayOutputStream kept) {
        this.in = in;
        this.keep = keep;
        this.kept = kept;
    }

    /** Checks the whole stream; returns the number of top-level elements. */
    static int check(InputStream in, TransferSyntaxes.Encoding encoding) throws MalformedDataSetException {
        return check(in, encoding, tag -> false, new ByteArrayOutputStream(0));
    }

    /**
     * Checks the whole stream and copies each top-level element whose tag {@code keep} accepts (header and value, as
     * encoded) to {@code kept}; returns the number of top-level elements.
     *
     * @throws MalformedDataSetException also when a kept element is longer than {@link #MAX_KEPT_VALUE}, or the
     *                                   stream is larger than its limit ({@link DataSetTooLargeException})
     */
    static int check(InputStream in, TransferSyntaxes.Encoding encoding, IntPredicate keep, ByteArrayOutputStream kept)
            throws MalformedDataSetException {
        try {
            return new DataSetStructure(in, keep, kept)
                    .walkDataSet(encoding.explicitVr(), encoding.bigEndian(), true, 0);
        } catch (DataSetTooLargeException e) {
            throw e.refusal();
        } catch (EOFException e) {
            throw new MalformedDataSetException("data set is truncated", e);
        } catch (IOException e) {
            throw new MalformedDataSetException("data set cannot be read: " + e.getMessage(), e);
        }
    }

    /** Walks elements until end of stream (top level) or an item delimiter (nested undefined-length item). */
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
            if ((tag >>> 16) == 0xFFFE) {
                throw new MalformedDataSetException(
                        String.format("unexpected delimiter (%04X,%04X)", tag >>> 16, tag & 0xFFFF));
            }
            long length;
            int headerLength;
            boolean nestedExplicit = explicit;
            if (explicit) {
                readFully(header, 4, 2);
                char v1 = (char) (header[4] & 0xFF);
                char v2 = (char) (header[5] & 0xFF);
                if (v1 < 'A' || v1 > 'Z' || v2 < 'A' || v2 > 'Z') {
                    throw new MalformedDataSetException(
                            String.format("invalid VR at (%04X,%04X)", tag >>> 16, tag & 0xFFFF));
                }
                String vr = "" + v1 + v2;
                if (hasLongLength(vr)) {
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
            if (length == 0xFFFFFFFFL) {
                walkItems(nestedExplicit, nestedExplicit && big, depth + 1);
            } else if (topLevel && depth == 0 && keep.test(tag)) {
                if (length > MAX_KEPT_VALUE) {
                    throw new MalformedDataSetException(String.format(
                            "attribute (%04X,%04X) is %d bytes long, more" + " than the %d its value may have here",
                            tag >>> 16, tag & 0xFFFF, length, MAX_KEPT_VALUE));
                }
                byte[] value = new byte[(int) length];
                readFully(value, 0, value.length);
                kept.write(header, 0, headerLength);
                kept.writeBytes(value);
            } else {
                in.skipNBytes(length);
            }
            elements++;
        }
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
            if (length == 0xFFFFFFFFL) {
                walkDataSet(explicit, big, false, depth);
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
