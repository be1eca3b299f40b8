package org.deblurgateway.testsupport;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;

/**
 * Sets a few top-level elements of a data set in its own encoding and copies every other byte as it is: the walk reads
 * element headers only, steps over values (sequences and encapsulated pixel data of undefined length item by item)
 * and stops copying element by element after the last tag it sets, so the rest of the data set, its pixel data
 * included, is the original's bytes.
 */
final class TopLevelEdit {

    private static final long UNDEFINED = 0xFFFFFFFFL;
    private static final int ITEM = 0xFFFEE000;
    private static final int ITEM_DELIMITATION = 0xFFFEE00D;
    private static final int SEQUENCE_DELIMITATION = 0xFFFEE0DD;

    private static final TopLevelEdit IMPLICIT_LITTLE = new TopLevelEdit(true, false);

    private final boolean littleEndian;
    private final boolean explicitVr;

    TopLevelEdit(boolean littleEndian, boolean explicitVr) {
        this.littleEndian = littleEndian;
        this.explicitVr = explicitVr;
    }

    /**
     * A top-level element's new value.
     *
     * @param whenMissing whether the element is added where the data set has none
     */
    record Value(int tag, String vr, byte[] value, boolean whenMissing) {

        /** A UID, verbatim (padded with NUL to an even length, PS3.5 6.2). */
        static Value uid(int tag, String uid) {
            return new Value(tag, "UI", ElementBytes.uid(uid), true);
        }

        /** A text value that replaces the element's where there is one (padded with a space). */
        static Value ifPresent(int tag, String vr, String text) {
            return new Value(tag, vr, ElementBytes.text(text), false);
        }

        /** Header and value as explicit or implicit VR in the given byte order. */
        byte[] encode(boolean littleEndian, boolean explicitVr) {
            return ElementBytes.element(tag, vr, value, littleEndian, explicitVr);
        }
    }

    /** {@code dataSet} with each of {@code values} set (tags in any order), every other byte unchanged. */
    byte[] apply(byte[] dataSet, List<Value> values) {
        List<Value> pending = values.stream()
                .sorted(Comparator.comparingLong(v -> v.tag() & 0xFFFFFFFFL))
                .toList();
        ByteArrayOutputStream out = new ByteArrayOutputStream(dataSet.length + 256);
        int next = 0;
        int at = 0;
        while (next < pending.size() && at < dataSet.length) {
            Header header = header(dataSet, at);
            long tag = header.tag() & 0xFFFFFFFFL;
            while (next < pending.size() && (pending.get(next).tag() & 0xFFFFFFFFL) < tag) {
                Value missing = pending.get(next++);
                if (missing.whenMissing()) {
                    out.writeBytes(missing.encode(littleEndian, explicitVr));
                }
            }
            int end = skip(dataSet, at, header);
            if (next < pending.size() && pending.get(next).tag() == header.tag()) {
                Value value = pending.get(next++);
                String vr = explicitVr ? header.vr() : value.vr();
                out.writeBytes(new Value(value.tag(), vr, value.value(), true).encode(littleEndian, explicitVr));
            } else {
                out.write(dataSet, at, end - at);
            }
            at = end;
        }
        for (; next < pending.size(); next++) {
            if (pending.get(next).whenMissing()) {
                out.writeBytes(pending.get(next).encode(littleEndian, explicitVr));
            }
        }
        out.write(dataSet, at, dataSet.length - at);
        return out.toByteArray();
    }

    /** An element header: tag, VR (empty in implicit VR and for items), value length, header length. */
    private record Header(int tag, String vr, long length, int headerLength) {}

    private Header header(byte[] b, int at) {
        need(b, at, 8);
        int tag = (int) (read(b, at, 2) << 16 | read(b, at + 2, 2));
        boolean delimiterOrItem = (tag >>> 16) == 0xFFFE;
        if (!explicitVr || delimiterOrItem) {
            return new Header(tag, "", read(b, at + 4, 4), 8);
        }
        String vr = new String(b, at + 4, 2, StandardCharsets.US_ASCII);
        if (ElementBytes.hasLongLength(vr)) {
            need(b, at, 12);
            return new Header(tag, vr, read(b, at + 8, 4), 12);
        }
        return new Header(tag, vr, read(b, at + 6, 2), 8);
    }

    /** Where the element that starts at {@code at} ends. */
    private int skip(byte[] b, int at, Header header) {
        int valueStart = at + header.headerLength();
        if (header.length() != UNDEFINED) {
            need(b, valueStart, header.length());
            return valueStart + (int) header.length();
        }
        if (header.vr().equals("UN")) {
            // A sequence of unknown VR: its items are implicit VR little endian, whatever the data set's syntax
            // (PS3.5 6.2.2).
            return IMPLICIT_LITTLE.endOfItems(b, valueStart);
        }
        return endOfItems(b, valueStart);
    }

    /** Steps over the items of a sequence (or encapsulated pixel data) of undefined length, through its delimiter. */
    private int endOfItems(byte[] b, int at) {
        while (true) {
            Header item = header(b, at);
            if (item.tag() == SEQUENCE_DELIMITATION) {
                return at + 8;
            }
            if (item.tag() != ITEM) {
                throw new IllegalArgumentException(
                        String.format("(%08X) where an item was expected at offset %d", item.tag(), at));
            }
            at = item.length() == UNDEFINED ? endOfItemElements(b, at + 8) : skip(b, at, item);
        }
    }

    private int endOfItemElements(byte[] b, int at) {
        while (true) {
            Header element = header(b, at);
            if (element.tag() == ITEM_DELIMITATION) {
                return at + 8;
            }
            at = skip(b, at, element);
        }
    }

    private long read(byte[] b, int at, int n) {
        long v = 0;
        for (int i = 0; i < n; i++) {
            int shift = littleEndian ? 8 * i : 8 * (n - 1 - i);
            v |= (b[at + i] & 0xFFL) << shift;
        }
        return v;
    }

    private static void need(byte[] b, int at, long n) {
        if (at + n > b.length) {
            throw new IllegalArgumentException("data set ends inside an element at offset " + at);
        }
    }
}
