package org.deblurgateway.dicom.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Deterministic byte-level mutations of DICOM inputs: the same input, partner and random state always give the same
 * output, so a case is reproduced from its seed alone. Besides blind bit flips and byte edits it knows where DICOM
 * keeps lengths (explicit VR element headers, PDU and item headers) and lies in them, and it inserts tokens a
 * parser branches on (tags, VRs, transfer syntax UIDs, PDU and item types).
 */
final class Mutator {

    /** What one step does; {@link Mutated#steps()} names them for the report. */
    enum Operation {
        BIT_FLIP,
        INTERESTING_BYTES,
        INSERT_BYTES,
        DELETE_BYTES,
        TRUNCATE,
        ELEMENT_LENGTH_LIE,
        WORD_LENGTH_LIE,
        SPLICE,
        DICTIONARY,
        DUPLICATE
    }

    /** A mutated input and the steps that made it. */
    record Mutated(byte[] bytes, List<String> steps) {}

    private static final int MAX_STEPS = 4;
    /** Inputs never grow past this (a duplicate or splice of a large seed would otherwise double every time). */
    private static final int MAX_LENGTH = 4 * 1024 * 1024;

    private static final Set<String> LONG_LENGTH_VRS =
            Set.of("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV");
    private static final Set<String> VRS = Set.of(
            "AE", "AS", "AT", "CS", "DA", "DS", "DT", "FD", "FL", "IS", "LO", "LT", "OB", "OD", "OF", "OL", "OV", "OW",
            "PN", "SH", "SL", "SQ", "SS", "ST", "SV", "TM", "UC", "UI", "UL", "UN", "UR", "US", "UT", "UV");

    private static final long[] LENGTH_LIES = {
        0, 1, 2, 3, 0xFF, 0x100, 0xFFFF, 0x10000, 0x7FFFFFFFL, 0x80000000L, 0xFFFFFFFEL, 0xFFFFFFFFL, 0xFFFFFFF0L
    };

    private static final byte[] INTERESTING = {0, 1, 0x7F, (byte) 0x80, (byte) 0xFF, (byte) 0xFE, 0x20, 0x2E};

    /** Tokens a DICOM or upper layer parser branches on, encoded as they appear on the wire. */
    private static final List<byte[]> DICTIONARY = dictionary();

    private Mutator() {}

    /**
     * Applies one to {@value #MAX_STEPS} steps to a copy of {@code input}.
     *
     * @param partner another seed, for splicing
     * @param from    the first byte a step may touch (a header the case needs intact), clamped to the input
     */
    static Mutated mutate(byte[] input, byte[] partner, int from, SplittableRandom random) {
        byte[] bytes = input;
        List<String> steps = new ArrayList<>();
        int count = 1 + random.nextInt(MAX_STEPS);
        for (int i = 0; i < count; i++) {
            Operation op = Operation.values()[random.nextInt(Operation.values().length)];
            int start = Math.min(from, bytes.length);
            byte[] next = apply(op, bytes, partner, start, random, steps);
            bytes = next.length > MAX_LENGTH ? Arrays.copyOf(next, MAX_LENGTH) : next;
        }
        return new Mutated(bytes, List.copyOf(steps));
    }

    private static byte[] apply(
            Operation op, byte[] in, byte[] partner, int from, SplittableRandom random, List<String> steps) {
        int span = in.length - from;
        if (span <= 0 && op != Operation.INSERT_BYTES && op != Operation.DICTIONARY && op != Operation.SPLICE) {
            op = Operation.INSERT_BYTES;
        }
        switch (op) {
            case BIT_FLIP -> {
                byte[] out = in.clone();
                int flips = 1 + random.nextInt(8);
                for (int i = 0; i < flips; i++) {
                    int at = from + random.nextInt(span);
                    out[at] ^= (byte) (1 << random.nextInt(8));
                }
                steps.add("bit-flip x" + flips);
                return out;
            }
            case INTERESTING_BYTES -> {
                byte[] out = in.clone();
                int at = from + random.nextInt(span);
                int n = Math.min(1 + random.nextInt(4), out.length - at);
                byte value = INTERESTING[random.nextInt(INTERESTING.length)];
                Arrays.fill(out, at, at + n, value);
                steps.add(String.format("set %d byte(s) at %d to 0x%02X", n, at, value & 0xFF));
                return out;
            }
            case INSERT_BYTES -> {
                int at = from + (span <= 0 ? 0 : random.nextInt(span + 1));
                byte[] chunk = new byte[1 + random.nextInt(random.nextBoolean() ? 8 : 512)];
                random.nextBytes(chunk);
                steps.add("insert " + chunk.length + " random byte(s) at " + at);
                return splice(in, at, 0, chunk);
            }
            case DELETE_BYTES -> {
                int at = from + random.nextInt(span);
                int n = Math.min(1 + random.nextInt(random.nextBoolean() ? 8 : 1024), in.length - at);
                steps.add("delete " + n + " byte(s) at " + at);
                return splice(in, at, n, new byte[0]);
            }
            case TRUNCATE -> {
                int at = from + random.nextInt(span);
                steps.add("truncate to " + at + " byte(s)");
                return Arrays.copyOf(in, at);
            }
            case ELEMENT_LENGTH_LIE -> {
                int header = findExplicitHeader(in, from, random);
                if (header < 0) {
                    return apply(Operation.WORD_LENGTH_LIE, in, partner, from, random, steps);
                }
                byte[] out = in.clone();
                String vr = new String(out, header + 4, 2, StandardCharsets.US_ASCII);
                long lie = lie(random, in.length - header);
                if (LONG_LENGTH_VRS.contains(vr)) {
                    putLe32(out, header + 8, lie);
                } else {
                    putLe16(out, header + 6, (int) lie);
                }
                steps.add(String.format("element at %d (%s) length := 0x%X", header, vr, lie));
                return out;
            }
            case WORD_LENGTH_LIE -> {
                byte[] out = in.clone();
                int at = from + (random.nextInt(Math.max(1, (span - 4) / 2 + 1)) * 2);
                if (at + 4 > out.length) {
                    return apply(Operation.BIT_FLIP, in, partner, from, random, steps);
                }
                long lie = lie(random, out.length - at);
                boolean bigEndian = random.nextBoolean();
                if (bigEndian) {
                    putBe32(out, at, lie);
                } else {
                    putLe32(out, at, lie);
                }
                steps.add(String.format("32-bit %s word at %d := 0x%X", bigEndian ? "BE" : "LE", at, lie));
                return out;
            }
            case SPLICE -> {
                if (partner.length == 0) {
                    return apply(Operation.INSERT_BYTES, in, partner, from, random, steps);
                }
                int cut = from + (span <= 0 ? 0 : random.nextInt(span + 1));
                int partnerFrom = random.nextInt(partner.length);
                int n = Math.min(partner.length - partnerFrom, 1 + random.nextInt(64 * 1024));
                byte[] head = Arrays.copyOf(in, cut);
                byte[] tail = Arrays.copyOfRange(partner, partnerFrom, partnerFrom + n);
                steps.add("splice: first " + cut + " byte(s), then " + n + " of the partner from " + partnerFrom);
                return concat(head, tail);
            }
            case DICTIONARY -> {
                byte[] token = DICTIONARY.get(random.nextInt(DICTIONARY.size()));
                int at = from + (span <= 0 ? 0 : random.nextInt(span + 1));
                if (random.nextBoolean() || at + token.length > in.length) {
                    steps.add("insert token " + hex(token) + " at " + at);
                    return splice(in, at, 0, token);
                }
                byte[] out = in.clone();
                System.arraycopy(token, 0, out, at, token.length);
                steps.add("overwrite token " + hex(token) + " at " + at);
                return out;
            }
            case DUPLICATE -> {
                int at = from + random.nextInt(span);
                int n = Math.min(1 + random.nextInt(4096), in.length - at);
                byte[] chunk = Arrays.copyOfRange(in, at, at + n);
                int to = from + random.nextInt(span + 1);
                steps.add("duplicate " + n + " byte(s) from " + at + " to " + to);
                return splice(in, to, 0, chunk);
            }
            default -> throw new IllegalStateException(op.name());
        }
    }

    /** Offset of an explicit VR element header (tag, then two letters of a known VR), searched from a random spot. */
    private static int findExplicitHeader(byte[] b, int from, SplittableRandom random) {
        int span = b.length - from - 12;
        if (span <= 0) {
            return -1;
        }
        int begin = from + random.nextInt(span);
        for (int k = 0; k < span; k++) {
            int at = from + (begin - from + k) % span;
            if (isVr(b[at + 4], b[at + 5])) {
                return at;
            }
        }
        return -1;
    }

    private static boolean isVr(byte a, byte b) {
        return a >= 'A' && a <= 'Z' && b >= 'A' && b <= 'Z' && VRS.contains("" + (char) a + (char) b);
    }

    private static long lie(SplittableRandom random, int remaining) {
        return switch (random.nextInt(4)) {
            case 0 -> remaining + 1L;
            case 1 -> Math.max(0, remaining - 1 - random.nextInt(16));
            case 2 -> random.nextLong(0x100000000L);
            default -> LENGTH_LIES[random.nextInt(LENGTH_LIES.length)];
        };
    }

    private static byte[] splice(byte[] in, int at, int remove, byte[] insert) {
        byte[] out = new byte[in.length - remove + insert.length];
        System.arraycopy(in, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(in, at + remove, out, at + insert.length, in.length - at - remove);
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static void putLe16(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
    }

    private static void putLe32(byte[] b, int at, long v) {
        for (int i = 0; i < 4; i++) {
            b[at + i] = (byte) (v >>> (8 * i));
        }
    }

    private static void putBe32(byte[] b, int at, long v) {
        for (int i = 0; i < 4; i++) {
            b[at + i] = (byte) (v >>> (8 * (3 - i)));
        }
    }

    private static String hex(byte[] token) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < Math.min(token.length, 8); i++) {
            s.append(String.format("%02X", token[i] & 0xFF));
        }
        return token.length > 8 ? s + "..(" + token.length + ")" : s.toString();
    }

    private static List<byte[]> dictionary() {
        List<byte[]> tokens = new ArrayList<>();
        int[][] tags = {
            {0x7FE0, 0x0010},
            {0x7FE0, 0x0008},
            {0xFFFE, 0xE000},
            {0xFFFE, 0xE00D},
            {0xFFFE, 0xE0DD},
            {0x0028, 0x0010},
            {0x0028, 0x0011},
            {0x0028, 0x0008},
            {0x0028, 0x0100},
            {0x0028, 0x0002},
            {0x0028, 0x0004},
            {0x0002, 0x0010},
            {0x0002, 0x0000},
            {0x0008, 0x0016},
            {0x0008, 0x0018},
            {0x0008, 0x0005},
            {0x0000, 0x0100},
            {0x0000, 0x0800},
            {0x0000, 0x0000}
        };
        for (int[] tag : tags) {
            tokens.add(new byte[] {(byte) tag[0], (byte) (tag[0] >>> 8), (byte) tag[1], (byte) (tag[1] >>> 8)});
        }
        for (String vr : List.of("SQ", "UN", "OB", "OW", "UT", "UI", "US", "IS", "CS", "OF", "XX")) {
            tokens.add(vr.getBytes(StandardCharsets.US_ASCII));
        }
        tokens.add(new byte[] {'O', 'B', 0, 0, -1, -1, -1, -1}); // undefined-length OB
        tokens.add(new byte[] {'S', 'Q', 0, 0, -1, -1, -1, -1}); // undefined-length SQ
        tokens.add(new byte[] {-2, -1, 0x00, -32, -1, -1, -1, -1}); // undefined-length item
        tokens.add(new byte[] {-2, -1, 0x0D, -32, 0, 0, 0, 0}); // item delimiter
        tokens.add(new byte[] {-2, -1, -35, -32, 0, 0, 0, 0}); // sequence delimiter
        for (String uid : List.of(
                "1.2.840.10008.1.2",
                "1.2.840.10008.1.2.1",
                "1.2.840.10008.1.2.1.99",
                "1.2.840.10008.1.2.2",
                "1.2.840.10008.1.2.4.50",
                "1.2.840.10008.1.2.4.90",
                "1.2.840.10008.1.2.5",
                "1.2.840.10008.5.1.4.1.1.7",
                "1.2.840.10008.1.1",
                "1.2.840.10008.3.1.1.1",
                "../../x")) {
            tokens.add(uid.getBytes(StandardCharsets.US_ASCII));
        }
        ByteArrayOutputStream pduTypes = new ByteArrayOutputStream();
        for (int type : new int[] {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x00, 0xFF}) {
            tokens.add(new byte[] {(byte) type, 0, 0, 0, 0, 4});
            pduTypes.write(type);
        }
        for (int item : new int[] {0x10, 0x20, 0x21, 0x30, 0x40, 0x50, 0x51, 0x52, 0x54, 0x55, 0x58}) {
            tokens.add(new byte[] {(byte) item, 0, (byte) 0xFF, (byte) 0xFF});
            tokens.add(new byte[] {(byte) item, 0, 0, 0});
        }
        tokens.add(pduTypes.toByteArray());
        return List.copyOf(tokens);
    }
}
