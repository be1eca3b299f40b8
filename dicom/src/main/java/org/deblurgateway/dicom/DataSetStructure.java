package org.deblurgateway.dicom;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.IntPredicate;

/**
 * The receipt's check of a data set's structure: walks it element by element ({@link ElementWalker}), skipping
 * values, to prove that every length chains to the end of the stream: catches truncated objects (also inside pixel
 * data) and garbage without loading values into memory. On the way it can copy a few wanted top-level elements (the
 * summary's) into a small buffer, so nothing else of the data set (private groups, bulk data) ever reaches the heap.
 */
final class DataSetStructure {

    /** Longest value of a kept element: far above what any summary attribute's VR allows (UI 64, LO 64 chars). */
    static final int MAX_KEPT_VALUE = 64 * 1024;

    private DataSetStructure() {}

    /** Checks the whole stream; returns the number of top-level elements. */
    static int check(InputStream in, TransferSyntaxes.Encoding encoding) throws MalformedDataSetException {
        return check(in, encoding, ElementWalker.StrayCommandElements.REFUSE);
    }

    /**
     * Checks the whole stream, reading stray command elements as {@code commandElements} says; returns the number of
     * top-level elements.
     */
    static int check(
            InputStream in, TransferSyntaxes.Encoding encoding, ElementWalker.StrayCommandElements commandElements)
            throws MalformedDataSetException {
        return walk(in, encoding, new ElementWalker.Visitor() {}, commandElements);
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
        return walk(in, encoding, new Keeper(keep, kept), ElementWalker.StrayCommandElements.REFUSE);
    }

    private static int walk(
            InputStream in,
            TransferSyntaxes.Encoding encoding,
            ElementWalker.Visitor visitor,
            ElementWalker.StrayCommandElements commandElements)
            throws MalformedDataSetException {
        try {
            return ElementWalker.walk(in, encoding, visitor, commandElements).elements();
        } catch (DataSetTooLargeException e) {
            throw e.refusal();
        } catch (EOFException e) {
            throw new MalformedDataSetException("data set is truncated", e);
        } catch (IOException e) {
            throw new MalformedDataSetException("data set cannot be read: " + e.getMessage(), e);
        }
    }

    /** Copies the summary's elements; one longer than a summary attribute may be refuses the data set. */
    private record Keeper(IntPredicate keep, ByteArrayOutputStream kept) implements ElementWalker.Visitor {

        @Override
        public boolean wants(int tag, long length) throws MalformedDataSetException {
            if (!keep.test(tag)) {
                return false;
            }
            if (length > MAX_KEPT_VALUE) {
                throw new MalformedDataSetException(String.format(
                        "attribute (%04X,%04X) is %d bytes long, more" + " than the %d its value may have here",
                        tag >>> 16, tag & 0xFFFF, length, MAX_KEPT_VALUE));
            }
            return true;
        }

        @Override
        public void kept(byte[] header, int headerLength, byte[] value) {
            kept.write(header, 0, headerLength);
            kept.writeBytes(value);
        }
    }
}
