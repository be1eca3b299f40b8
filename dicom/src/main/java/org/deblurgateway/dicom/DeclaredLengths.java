package org.deblurgateway.dicom;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
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

    /** A bare data set: it starts at the first byte, no syntax is named. */
    private static final FileMetaHeader NO_META_HEADER = new FileMetaHeader(0, "", "");

    private DeclaredLengths() {}

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
        FileMetaHeader layout = layout(file, size);
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
    private static List<TransferSyntaxes.Encoding> candidates(Path file, FileMetaHeader layout) throws IOException {
        if (!layout.transferSyntaxUid().isEmpty()) {
            return List.of(TransferSyntaxes.encodingOf(layout.transferSyntaxUid()));
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

    /** Reads the preamble and File Meta elements ({@link FileMetaHeader}), checking their lengths against the file. */
    private static FileMetaHeader layout(Path file, long size) throws IOException, MalformedDataSetException {
        try (PushbackInputStream in =
                new PushbackInputStream(new BufferedInputStream(Files.newInputStream(file), BUFFER), 4)) {
            return FileMetaHeader.read(in, (element, length, valueOffset) -> {
                        long remaining = size - valueOffset;
                        if (length > remaining) {
                            throw new MalformedDataSetException(String.format(
                                    "file meta element (0002,%04X) declares %d bytes, %d remain",
                                    element, length, remaining));
                        }
                    })
                    .orElse(NO_META_HEADER);
        } catch (EOFException e) {
            throw new MalformedDataSetException("file meta header is truncated", e);
        }
    }
}
