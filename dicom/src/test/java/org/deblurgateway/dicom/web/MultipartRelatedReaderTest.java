package org.deblurgateway.dicom.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MultipartRelatedReaderTest {

    private static final String BOUNDARY = "b0undary";

    @Test
    void next_twoPartsReadInTinyPieces_givesEachPartExactly() throws IOException {
        byte[] first = random(200_000, 1);
        byte[] second = "--b0undary but not on a line of its own\r\n--b0undar".getBytes(StandardCharsets.US_ASCII);
        byte[] body = body("preamble to ignore\r\n", List.of(first, second), "\r\n--" + BOUNDARY + "--\r\nepilogue");

        List<byte[]> parts = readAll(new Trickle(new ByteArrayInputStream(body)));

        assertEquals(2, parts.size());
        assertArrayEquals(first, parts.get(0));
        assertArrayEquals(second, parts.get(1));
    }

    @Test
    void next_partHeaders_areReadLowerCased() throws IOException {
        byte[] body = body("", List.of(new byte[] {1, 2, 3}), "\r\n--" + BOUNDARY + "--");
        MultipartRelatedReader reader = new MultipartRelatedReader(new ByteArrayInputStream(body), BOUNDARY);

        MultipartRelatedReader.Part part = reader.next().orElseThrow();

        assertEquals(Optional.of("application/dicom"), part.contentType());
        assertArrayEquals(new byte[] {1, 2, 3}, part.content().readAllBytes());
        assertTrue(reader.next().isEmpty());
    }

    @Test
    void read_bodyCutInsideAPart_isAMultipartError() throws IOException {
        byte[] body = body("", List.of(random(1000, 2)), "");
        byte[] cut = new byte[body.length - 500];
        System.arraycopy(body, 0, cut, 0, cut.length);
        MultipartRelatedReader reader = new MultipartRelatedReader(new ByteArrayInputStream(cut), BOUNDARY);

        InputStream content = reader.next().orElseThrow().content();

        assertThrows(MultipartException.class, content::readAllBytes);
    }

    @Test
    void next_headersWithoutEnd_isAMultipartError() {
        byte[] body = ("--" + BOUNDARY + "\r\nContent-Type: application/dicom\r\n" + "X: y".repeat(10_000))
                .getBytes(StandardCharsets.US_ASCII);
        MultipartRelatedReader reader = new MultipartRelatedReader(new ByteArrayInputStream(body), BOUNDARY);

        assertThrows(MultipartException.class, reader::next);
    }

    @Test
    void next_orthancsSeventyThreeCharacterBoundary_isTaken() throws IOException {
        // Orthanc's DICOMweb plugin 1.7 joins two UUIDs: 73 characters, beyond RFC 2046's 70.
        String boundary = "510c4331-22eb-4335-9fea-55e11e3277aa-510c4331-22eb-4335-9fea-55e11e3277aa";
        byte[] body = ("--" + boundary + "\r\nContent-Type: application/dicom\r\n\r\nabc\r\n--" + boundary + "--\r\n")
                .getBytes(StandardCharsets.US_ASCII);

        MultipartRelatedReader reader = new MultipartRelatedReader(new ByteArrayInputStream(body), boundary);

        assertArrayEquals(
                "abc".getBytes(StandardCharsets.US_ASCII),
                reader.next().orElseThrow().content().readAllBytes());
    }

    @Test
    void parameters_quotedType_isUnquoted() {
        String value = "multipart/related; type=\"application/dicom\"; boundary=abc";
        assertEquals("multipart/related", MediaTypes.essence(value));
        assertEquals(Optional.of("application/dicom"), MediaTypes.parameter(value, "type"));
        assertEquals(Optional.of("abc"), MediaTypes.parameter(value, "Boundary"));
    }

    private static List<byte[]> readAll(InputStream in) throws IOException {
        MultipartRelatedReader reader = new MultipartRelatedReader(in, BOUNDARY);
        List<byte[]> parts = new ArrayList<>();
        for (Optional<MultipartRelatedReader.Part> part = reader.next(); part.isPresent(); part = reader.next()) {
            parts.add(part.get().content().readAllBytes());
        }
        return parts;
    }

    static byte[] body(String preamble, List<byte[]> parts, String end) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(preamble.getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < parts.size(); i++) {
            out.write(((i == 0 ? "" : "\r\n") + "--" + BOUNDARY + "\r\nContent-Type: application/dicom\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(parts.get(i));
        }
        out.write(end.getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static byte[] random(int n, long seed) {
        byte[] bytes = new byte[n];
        new Random(seed).nextBytes(bytes);
        // Plenty of CR LF - - inside the content, so near-delimiters are met everywhere.
        for (int i = 0; i + 12 < n; i += 997) {
            System.arraycopy("\r\n--b0undar".getBytes(StandardCharsets.US_ASCII), 0, bytes, i, 11);
        }
        return bytes;
    }

    /** Hands out 1 to 7 bytes per read, as a slow network might. */
    private static final class Trickle extends FilterInputStream {
        private final Random random = new Random(7);

        Trickle(InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return super.read(b, off, Math.min(len, 1 + random.nextInt(7)));
        }
    }
}
