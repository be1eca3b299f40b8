package org.deblurgateway.dicom.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a multipart body (RFC 2046 5.1, as STOW-RS sends it) part by part from a stream, without holding more than
 * one buffer of it: each part's content is an {@link InputStream} that ends at the next delimiter. A part must be
 * read to its end (or skipped by asking for the next part) before the next one starts.
 */
public final class MultipartRelatedReader {

    /** Largest header block of one part; a peer cannot make us hold more. */
    static final int MAX_HEADER_BYTES = 16 * 1024;

    private static final int BUFFER_BYTES = 64 * 1024;
    /**
     * RFC 2046 allows 70 characters; Orthanc's DICOMweb plugin (1.7) sends 73 (two UUIDs), so a little more is
     * taken.
     */
    public static final int MAX_BOUNDARY = 200;

    private final InputStream in;
    private final byte[] delimiter;
    private final byte[] buffer;
    private int pos;
    private int limit;
    private boolean eof;
    private boolean finished;
    private PartStream current;

    /** One part: its headers (names lower-cased) and its content, streamed. */
    public record Part(Map<String, String> headers, InputStream content) {

        /** The part's media type without parameters, lower-cased; absent when the part names none. */
        public Optional<String> contentType() {
            return Optional.ofNullable(headers.get("content-type")).map(MediaTypes::essence);
        }
    }

    /** @param boundary the boundary parameter of the body's Content-Type, without quotes */
    public MultipartRelatedReader(InputStream in, String boundary) {
        if (boundary == null || boundary.isEmpty() || boundary.length() > MAX_BOUNDARY) {
            throw new IllegalArgumentException("a multipart boundary has 1 to " + MAX_BOUNDARY + " characters");
        }
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.buffer = new byte[BUFFER_BYTES + delimiter.length];
        // The first delimiter may start the body without a line break before it: act as if there were one.
        buffer[0] = '\r';
        buffer[1] = '\n';
        limit = 2;
    }

    /**
     * The next part, or empty after the closing delimiter. Whatever is left of the previous part is skipped; the text
     * before the first delimiter (the preamble) is ignored.
     *
     * @throws MultipartException when the body is not a well-formed multipart body (it ends early, a header block is
     *                            malformed or too long)
     */
    public Optional<Part> next() throws IOException {
        if (finished) {
            return Optional.empty();
        }
        if (current == null) {
            // Skip the preamble: everything up to the first delimiter.
            new PartStream().transferTo(OutputStream.nullOutputStream());
        } else {
            current.transferTo(OutputStream.nullOutputStream());
            current = null;
        }
        if (!fill(2)) {
            throw new MultipartException("the body ends right after a delimiter");
        }
        if (buffer[pos] == '-' && buffer[pos + 1] == '-') {
            finished = true; // the closing delimiter; the epilogue is ignored
            return Optional.empty();
        }
        // Transport padding, then the line break that ends the delimiter line.
        while (fill(1) && (buffer[pos] == ' ' || buffer[pos] == '\t')) {
            pos++;
        }
        if (!fill(2) || buffer[pos] != '\r' || buffer[pos + 1] != '\n') {
            throw new MultipartException("a delimiter line does not end with CRLF");
        }
        pos += 2;
        Map<String, String> headers = readHeaders();
        current = new PartStream();
        return Optional.of(new Part(headers, current));
    }

    private Map<String, String> readHeaders() throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        int total = 0;
        while (true) {
            String line = readLine(MAX_HEADER_BYTES - total);
            total += line.length() + 2;
            if (line.isEmpty()) {
                return headers;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new MultipartException("a part header line has no name");
            }
            headers.put(
                    line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    line.substring(colon + 1).trim());
        }
    }

    private String readLine(int maxBytes) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            if (!fill(2)) {
                throw new MultipartException("the body ends inside a part's headers");
            }
            if (buffer[pos] == '\r' && buffer[pos + 1] == '\n') {
                pos += 2;
                return line.toString();
            }
            if (line.length() >= maxBytes) {
                throw new MultipartException("a part's headers are longer than " + MAX_HEADER_BYTES + " bytes");
            }
            line.append((char) (buffer[pos++] & 0xFF));
        }
    }

    /** Makes at least {@code n} bytes available from {@code pos}; false when the body ends first. */
    private boolean fill(int n) throws IOException {
        while (limit - pos < n) {
            if (eof) {
                return false;
            }
            if (pos > 0) {
                System.arraycopy(buffer, pos, buffer, 0, limit - pos);
                limit -= pos;
                pos = 0;
            }
            int read = in.read(buffer, limit, buffer.length - limit);
            if (read < 0) {
                eof = true;
            } else {
                limit += read;
            }
        }
        return true;
    }

    /** Index of the delimiter in the buffered bytes from {@code pos}, or -1. */
    private int findDelimiter() {
        int last = limit - delimiter.length;
        outer:
        for (int i = pos; i <= last; i++) {
            if (buffer[i] != '\r') {
                continue;
            }
            for (int k = 1; k < delimiter.length; k++) {
                if (buffer[i + k] != delimiter[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The content of one part: ends (-1) at the delimiter, which it consumes. */
    private final class PartStream extends InputStream {
        private boolean ended;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (ended) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            {
                fill(delimiter.length); // may stop short at the end of the body
                int at = findDelimiter();
                int available;
                if (at == pos) {
                    pos += delimiter.length;
                    ended = true;
                    return -1;
                } else if (at > pos) {
                    available = at - pos;
                } else if (eof) {
                    throw new MultipartException("the body ends inside a part (no closing delimiter)");
                } else {
                    // Bytes that cannot be the start of a delimiter split across reads.
                    // fill() left at least a delimiter's length: all but its last bytes cannot start one.
                    available = limit - pos - (delimiter.length - 1);
                }
                int n = Math.min(len, available);
                System.arraycopy(buffer, pos, b, off, n);
                pos += n;
                return n;
            }
        }
    }
}
