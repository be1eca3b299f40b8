package org.deblurgateway.dicom;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/** The bytes of a data set as its elements are encoded: read from a file, inflated when the syntax deflates them. */
public final class DataSetStreams {

    private static final int BUFFER = 64 * 1024;

    private DataSetStreams() {}

    /** The data set of {@code file}, which starts at {@code offset} (after preamble and file meta header). */
    static InputStream open(Path file, long offset, TransferSyntaxes.Encoding encoding) throws IOException {
        InputStream raw = Files.newInputStream(file);
        try {
            raw.skipNBytes(offset);
        } catch (IOException e) {
            raw.close();
            throw e;
        }
        return decoded(new BufferedInputStream(raw, BUFFER), encoding);
    }

    /**
     * {@code in} itself, or for a deflated syntax its inflation; closing the result closes {@code in} and frees the
     * inflater's native memory.
     */
    public static InputStream decoded(InputStream in, TransferSyntaxes.Encoding encoding) {
        if (encoding != TransferSyntaxes.Encoding.DEFLATED_EXPLICIT_LITTLE) {
            return in;
        }
        // Deflated data sets are raw deflate (no zlib header), PS3.5 A.5.
        Inflater inflater = new Inflater(true);
        return new InflaterInputStream(in, inflater, BUFFER) {
            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } finally {
                    inflater.end();
                }
            }
        };
    }
}
