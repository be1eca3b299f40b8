package org.deblurgateway.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Copies of existing Part 10 files (shared corpus files, generated objects) under other UIDs, byte for byte
 * otherwise: the file meta header and a few top-level elements of the data set are rewritten ({@link TopLevelEdit}),
 * every other byte, the pixel data (compressed or not) and the transfer syntax included, is copied as it is, never
 * decoded and encoded again. A UID goes in verbatim, a crafted invalid one too.
 */
public final class InstanceCopies {

    private static final int SOP_INSTANCE_UID = 0x00080018;
    private static final int STUDY_INSTANCE_UID = 0x0020000D;
    private static final int SERIES_INSTANCE_UID = 0x0020000E;
    private static final int INSTANCE_NUMBER = 0x00200013;

    private InstanceCopies() {}

    /** A new UID under the UUID-derived root (PS3.5 B.2): {@code 2.25.<128-bit decimal>}. */
    public static String newUid() {
        UUID uuid = UUID.randomUUID();
        ByteBuffer bytes =
                ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        return "2.25." + new BigInteger(1, bytes.array());
    }

    /**
     * {@code count} copies of {@code template} ({@code outDir/obj00000.dcm}, ...), each with a new SOP Instance UID,
     * all in one new study and series, Instance Number (where the template has one) 1, 2, ...; file -> SOP Instance
     * UID, in sending order.
     */
    public static Map<Path, String> copies(Path template, Path outDir, int count) {
        byte[] original = read(template);
        String study = newUid();
        String series = newUid();
        Map<Path, String> made = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String uid = newUid();
            List<TopLevelEdit.Value> values = List.of(
                    TopLevelEdit.Value.uid(SOP_INSTANCE_UID, uid),
                    TopLevelEdit.Value.uid(STUDY_INSTANCE_UID, study),
                    TopLevelEdit.Value.uid(SERIES_INSTANCE_UID, series),
                    TopLevelEdit.Value.ifPresent(INSTANCE_NUMBER, "IS", Integer.toString(i + 1)));
            made.put(write(outDir.resolve(String.format("obj%05d.dcm", i)), rewrite(original, uid, values)), uid);
        }
        return made;
    }

    /** One copy of {@code template} whose SOP Instance UID is {@code uid} verbatim, even an invalid one. */
    public static Path withSopInstanceUid(Path template, Path outFile, String uid) {
        return write(outFile, withSopInstanceUid(read(template), uid));
    }

    /**
     * A copy of each file ({@code outDir/0000-<name>}, ...) with a new SOP Instance UID and everything else as it
     * was; copy -> new UID, in the order of {@code files}.
     */
    public static Map<Path, String> withFreshUids(List<Path> files, Path outDir) {
        Map<Path, String> made = new LinkedHashMap<>();
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            String uid = newUid();
            Path copy = outDir.resolve(String.format("%04d-%s", i, file.getFileName()));
            made.put(write(copy, withSopInstanceUid(read(file), uid)), uid);
        }
        return made;
    }

    /** The bytes of a Part 10 file with {@code uid} as its SOP Instance UID (meta header and data set). */
    public static byte[] withSopInstanceUid(byte[] partTen, String uid) {
        return rewrite(partTen, uid, List.of(TopLevelEdit.Value.uid(SOP_INSTANCE_UID, uid)));
    }

    private static byte[] rewrite(byte[] partTen, String sopInstanceUid, List<TopLevelEdit.Value> values) {
        FileMeta meta = FileMeta.parse(partTen);
        boolean deflated = TransferSyntaxUids.DEFLATED_LE.equals(meta.transferSyntaxUid());
        byte[] dataSet = Arrays.copyOfRange(partTen, meta.dataSetOffset(), partTen.length);
        TopLevelEdit edit = new TopLevelEdit(
                !TransferSyntaxUids.EXPLICIT_BE.equals(meta.transferSyntaxUid()),
                !TransferSyntaxUids.IMPLICIT_LE.equals(meta.transferSyntaxUid()));
        byte[] edited = deflated ? deflate(edit.apply(inflate(dataSet), values)) : edit.apply(dataSet, values);
        ByteArrayOutputStream out = new ByteArrayOutputStream(partTen.length + 256);
        out.write(partTen, 0, FileMeta.PREAMBLE_AND_PREFIX);
        out.writeBytes(meta.withSopInstanceUid(sopInstanceUid));
        out.writeBytes(edited);
        return out.toByteArray();
    }

    /** Deflated data sets are raw deflate, no zlib header (PS3.5 A.5). */
    private static byte[] inflate(byte[] deflated) {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(deflated);
            ByteArrayOutputStream out = new ByteArrayOutputStream(deflated.length * 4);
            byte[] buffer = new byte[64 * 1024];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("deflated data set cannot be inflated: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }

    private static byte[] deflate(byte[] dataSet) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try {
            deflater.setInput(dataSet);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(dataSet.length / 2 + 64);
            byte[] buffer = new byte[64 * 1024];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static Path write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The file meta header (group 0002, explicit VR little endian) as its elements, each header and value kept. */
    private record FileMeta(List<byte[]> elements, String transferSyntaxUid, int dataSetOffset) {

        static final int PREAMBLE_AND_PREFIX = 132;

        static FileMeta parse(byte[] file) {
            if (file.length < PREAMBLE_AND_PREFIX
                    || !"DICM".equals(new String(file, 128, 4, StandardCharsets.US_ASCII))) {
                throw new IllegalArgumentException("not a Part 10 file (no DICM after the preamble)");
            }
            List<byte[]> elements = new ArrayList<>();
            String transferSyntax = "";
            int at = PREAMBLE_AND_PREFIX;
            while (at + 8 <= file.length && file[at] == 0x02 && file[at + 1] == 0x00) {
                String vr = new String(file, at + 4, 2, StandardCharsets.US_ASCII);
                boolean longForm = ElementBytes.hasLongLength(vr);
                int headerLength = longForm ? 12 : 8;
                long length = longForm ? ElementBytes.le32(file, at + 8) : ElementBytes.le16(file, at + 6);
                if (at + headerLength + length > file.length) {
                    throw new IllegalArgumentException("file meta element runs past the end of the file");
                }
                int end = at + headerLength + (int) length;
                byte[] element = Arrays.copyOfRange(file, at, end);
                if (ElementBytes.le16(file, at + 2) == 0x0010) {
                    transferSyntax = new String(file, at + headerLength, (int) length, StandardCharsets.US_ASCII)
                            .replace("\0", "")
                            .trim();
                }
                elements.add(element);
                at = end;
            }
            if (transferSyntax.isEmpty()) {
                throw new IllegalArgumentException("file meta header names no transfer syntax");
            }
            return new FileMeta(elements, transferSyntax, at);
        }

        /** The header again: (0002,0003) set to {@code uid}, its group length counted anew. */
        byte[] withSopInstanceUid(String uid) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            boolean written = false;
            for (byte[] element : elements) {
                int number = ElementBytes.le16(element, 2);
                if (number == 0x0000) {
                    continue;
                }
                if (!written && number >= 0x0003) {
                    body.writeBytes(TopLevelEdit.Value.uid(0x00020003, uid).encode(true, true));
                    written = true;
                }
                if (number != 0x0003) {
                    body.writeBytes(element);
                }
            }
            if (!written) {
                body.writeBytes(TopLevelEdit.Value.uid(0x00020003, uid).encode(true, true));
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(new byte[] {0x02, 0x00, 0x00, 0x00, 'U', 'L', 4, 0});
            out.writeBytes(ElementBytes.le(body.size(), 4));
            out.writeBytes(body.toByteArray());
            return out.toByteArray();
        }
    }
}
