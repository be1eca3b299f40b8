package org.deblurgateway.dicom;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The largest data set the gateway takes, in bytes, counted as sent on the wire and again once inflated (a deflated
 * data set of a few megabytes can inflate to gigabytes). The listener checks the bytes as they arrive
 * ({@link #exceededBy}); {@link DataSetReader} counts what comes out of the decoder ({@link #bound}).
 *
 * @param maxBytes the maximum, at least 1
 */
public record DataSetLimit(long maxBytes) {

    /** What the gateway takes unless configured otherwise: 2 GiB. */
    public static final DataSetLimit DEFAULT = new DataSetLimit(2L * 1024 * 1024 * 1024);

    private static final int SKIP_BUFFER = 64 * 1024;

    public DataSetLimit {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("the maximum data set size must be at least 1 byte, was " + maxBytes);
        }
    }

    /** True when a data set of {@code bytes} bytes is larger than allowed. */
    public boolean exceededBy(long bytes) {
        return bytes > maxBytes;
    }

    /** The refusal for a data set that exceeded the limit. */
    public ObjectTooLargeException refusal() {
        return new ObjectTooLargeException(maxBytes);
    }

    /** {@code in}, failing with {@link DataSetTooLargeException} once more than the maximum has been read or skipped. */
    InputStream bound(InputStream in) {
        return new Counting(in, maxBytes);
    }

    private static final class Counting extends FilterInputStream {
        private final long max;
        private final byte[] skipBuffer = new byte[SKIP_BUFFER];
        private long count;

        Counting(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        /** Skips by reading: an inflater's own skip goes 512 bytes at a time, and every skipped byte counts. */
        @Override
        public long skip(long n) throws IOException {
            long left = n;
            while (left > 0) {
                int r = read(skipBuffer, 0, (int) Math.min(left, skipBuffer.length));
                if (r < 0) {
                    break;
                }
                left -= r;
            }
            return n - left;
        }

        private void counted(int n) throws DataSetTooLargeException {
            count += n;
            if (count > max) {
                throw new DataSetTooLargeException(max);
            }
        }
    }
}
