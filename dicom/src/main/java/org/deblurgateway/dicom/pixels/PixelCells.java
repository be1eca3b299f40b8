package org.deblurgateway.dicom.pixels;

/**
 * The raw pixel cells of an object, kept once in the array PixelMed read them into (no copy): each {@link #cell}
 * is one sample's Bits Allocated-wide value, unsigned, before any High Bit shift or sign extension.
 */
sealed interface PixelCells {

    /** Number of cells held (may exceed what the frames need: padding). */
    long count();

    int cell(int index);

    /** 8-bit cells in an OB value. */
    record Bytes(byte[] values) implements PixelCells {
        @Override
        public long count() {
            return values.length;
        }

        @Override
        public int cell(int index) {
            return values[index] & 0xFF;
        }
    }

    /** 16-bit cells in an OW value (PixelMed has already put big-endian words in native order). */
    record Words(short[] values) implements PixelCells {
        @Override
        public long count() {
            return values.length;
        }

        @Override
        public int cell(int index) {
            return values[index] & 0xFFFF;
        }
    }

    /** 8-bit cells in an OW value: two per word, the first in the low-order byte (PS3.5 8.1.1). */
    record BytesInWords(short[] values) implements PixelCells {
        @Override
        public long count() {
            return 2L * values.length;
        }

        @Override
        public int cell(int index) {
            return (values[index >>> 1] >>> ((index & 1) << 3)) & 0xFF;
        }
    }

    /** 16-bit cells in an OB value, as the transfer syntax orders bytes. */
    record WordsInBytes(byte[] values, boolean bigEndian) implements PixelCells {
        @Override
        public long count() {
            return values.length / 2;
        }

        @Override
        public int cell(int index) {
            int first = values[2 * index] & 0xFF;
            int second = values[2 * index + 1] & 0xFF;
            return bigEndian ? (first << 8) | second : first | (second << 8);
        }
    }
}
