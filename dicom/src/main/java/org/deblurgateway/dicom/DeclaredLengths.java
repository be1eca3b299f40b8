package org.deblurgateway.dicom;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Proves that every length a DICOM file declares fits in the file, before a toolkit that trusts them reads it:
 * PixelMed allocates an element's declared length up front, so one lying length field (a few bytes of a crafted or
 * damaged file) makes it ask for up to 4 GB of heap, which fails with an OutOfMemoryError in that thread or, worse,
 * starves every other one. The walk streams the file once and holds nothing but a header ({@link DataSetStructure},
 * the same check every received data set passes). Files with or without a File Meta header are taken; a bare data
 * set is read in the encoding PixelMed would guess for it.
 */
public final class DeclaredLengths {

    private static final int BUFFER = 64 * 1024;
    private static final int PREAMBLE = 128;

    private DeclaredLengths() {}

    /** Where the data set starts, and the transfer syntax the meta header names ("" when none). */
    private record Layout(long dataSetOffset, String transferSyntax) {}

    /**
     * Refuses a file unless, in one of the encodings PixelMed may read it in, its structure chains to the end of the
     * file. A stray command element (group 0000) without a VR in an explicit VR data set, which real-world files
     * carry, is read as PixelMed reads it and its length checked like any other; after any other fault PixelMed reads
     * misaligned bytes as lengths (the fuzz campaign saw it allocate gigabytes that way).
     *
     * @throws MalformedDataSetException a length overruns the file, or the structure is broken in every encoding
     * @throws IOException               the file cannot be read
     */
    public static void check(Path file) throws MalformedDataSetException, IOException {
        long size = Files.size(file);
        Layout layout = layout(file, size);
        MalformedDataSetException first = null;
        for (TransferSyntaxes.Encoding encoding : candidates(file, layout)) {
            try (InputStream in = DataSetStreams.open(file, layout.dataSetOffset(), encoding)) {
                DataSetStructure.check(
                        DataSetLimit.DEFAULT.bound(in),
                        encoding,
                        ElementWalker.StrayCommandElements.READ_AS_PIXELMED_DOES);
                return;
            } catch (MalformedDataSetException e) {
                first = first == null ? e : first;
            }
        }
        if (first.getCause() instanceof EOFException) {
            throw new MalformedDataSetException(
                    "a declared length runs past the end of the file (" + size + " bytes)", first);
        }
        throw first;
    }

    /**
     * The meta header's syntax; for a bare data set what PixelMed guesses: explicit VR (either byte order) when a
     * VR's two capital letters follow the first tag, else implicit VR little endian.
     */
    private static List<TransferSyntaxes.Encoding> candidates(Path file, Layout layout) throws IOException {
        if (!layout.transferSyntax().isEmpty()) {
            return List.of(TransferSyntaxes.encodingOf(layout.transferSyntax()));
        }
        byte[] head = new byte[6];
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(layout.dataSetOffset());
            if (in.readNBytes(head, 0, 6) == 6 && isUpper(head[4]) && isUpper(head[5])) {
                return List.of(TransferSyntaxes.Encoding.EXPLICIT_LITTLE, TransferSyntaxes.Encoding.EXPLICIT_BIG);
            }
        } catch (EOFException e) {
            // shorter than its offset: nothing to check beyond the meta header
        }
        return List.of(TransferSyntaxes.Encoding.IMPLICIT_LITTLE);
    }

    private static boolean isUpper(byte b) {
        return b >= 'A' && b <= 'Z';
    }

    /** Reads the preamble and File Meta elements (explicit VR little endian, group 0002), checking their lengths. */
    private static Layout layout(Path file, long size) throws IOException, MalformedDataSetException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), BUFFER))) {
            byte[] head = new byte[PREAMBLE + 4];
            if (in.readNBytes(head, 0, head.length) < head.length
                    || !"DICM".equals(new String(head, PREAMBLE, 4, StandardCharsets.US_ASCII))) {
                return new Layout(0, "");
            }
            long at = head.length;
            String transferSyntax = "";
            byte[] header = new byte[8];
            while (true) {
                int n = in.readNBytes(header, 0, 8);
                if (n < 8 || (header[0] != 0x02 || header[1] != 0x00)) {
                    // End of the meta header: the data set starts here.
                    return new Layout(at, transferSyntax);
                }
                int element = (header[2] & 0xFF) | ((header[3] & 0xFF) << 8);
                String vr = new String(header, 4, 2, StandardCharsets.US_ASCII);
                long length;
                int headerLength;
                if (ElementWalker.hasLongLength(vr)) {
                    byte[] more = new byte[4];
                    in.readFully(more);
                    length = (more[0] & 0xFFL)
                            | ((more[1] & 0xFFL) << 8)
                            | ((more[2] & 0xFFL) << 16)
                            | ((more[3] & 0xFFL) << 24);
                    headerLength = 12;
                } else {
                    length = (header[6] & 0xFF) | ((header[7] & 0xFF) << 8);
                    headerLength = 8;
                }
                long remaining = size - at - headerLength;
                if (length > remaining) {
                    throw new MalformedDataSetException(String.format(
                            "file meta element (0002,%04X) declares %d bytes, %d remain", element, length, remaining));
                }
                if (element == 0x0010) {
                    byte[] value = in.readNBytes((int) Math.min(length, 256));
                    in.skipNBytes(length - value.length);
                    transferSyntax = DicomUids.trimPadding(new String(value, StandardCharsets.US_ASCII).trim());
                } else {
                    in.skipNBytes(length);
                }
                at += headerLength + length;
            }
        } catch (EOFException e) {
            throw new MalformedDataSetException("file meta header is truncated", e);
        }
    }
}
