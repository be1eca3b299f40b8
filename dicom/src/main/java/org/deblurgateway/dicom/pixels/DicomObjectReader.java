package org.deblurgateway.dicom.pixels;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.UniqueIdentifierAttribute;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.deblurgateway.dicom.DicomUids;
import org.deblurgateway.dicom.TransferSyntaxes;

/**
 * Reads a DICOM file with PixelMed: either everything before the pixel data (to decide what to do with the object)
 * or the whole object (to get its pixel data into memory). Files with or without a File Meta header are read;
 * PixelMed inflates deflated data sets and swaps big-endian words itself.
 */
final class DicomObjectReader {

    private static final int BUFFER = 64 * 1024;
    private static final AttributeTag FLOAT_PIXEL_DATA = new AttributeTag(0x7FE0, 0x0008);
    private static final AttributeTag DOUBLE_FLOAT_PIXEL_DATA = new AttributeTag(0x7FE0, 0x0009);

    /** The attributes pixel decoding reads before the pixels (PixelDecoder, ImagePixelModule). */
    static final Set<Integer> HEADER_TAGS = Set.of(
            tag(TagFromName.SOPClassUID),
            tag(TagFromName.LossyImageCompression),
            tag(TagFromName.PhotometricInterpretation),
            tag(TagFromName.SamplesPerPixel),
            tag(TagFromName.Rows),
            tag(TagFromName.Columns),
            tag(TagFromName.BitsAllocated),
            tag(TagFromName.BitsStored),
            tag(TagFromName.HighBit),
            tag(TagFromName.PixelRepresentation),
            tag(TagFromName.NumberOfFrames),
            tag(TagFromName.PlanarConfiguration));

    private DicomObjectReader() {}

    private static int tag(AttributeTag tag) {
        return (tag.getGroup() << 16) | tag.getElement();
    }

    /** What kind of bulk pixel element the object has at top level. */
    enum PixelElement {
        PIXEL_DATA,
        FLOAT_PIXEL_DATA,
        DOUBLE_FLOAT_PIXEL_DATA,
        NONE
    }

    /** The attributes before the pixel data, the transfer syntax the data set is in, and which pixel element follows. */
    record Header(AttributeList attributes, String transferSyntaxUid, PixelElement pixelElement) {}

    /** The whole object, pixel data included (kept in memory, not referenced on disk). */
    record Whole(AttributeList attributes, String transferSyntaxUid) {}

    /**
     * Reads what decoding needs from before the first top-level pixel element. A Part 10 file (every received
     * object) is scanned, not parsed: only {@link #HEADER_TAGS} reach the heap, each at most 64 KiB, while private
     * groups, sequences and bulk values before the pixels are skipped as they pass. Other files (a bare data set,
     * no "DICM") are parsed by PixelMed, all attributes before the pixels in memory.
     *
     * @throws NotDecodableException the data set cannot be parsed
     * @throws IOException           the file cannot be opened
     */
    static Header readHeader(Path file) throws NotDecodableException, IOException {
        Optional<HeaderScan.Result> scan = HeaderScan.scan(file, HEADER_TAGS);
        if (scan.isPresent()) {
            return header(scan.get());
        }
        return parseHeader(file);
    }

    private static Header header(HeaderScan.Result scan) throws NotDecodableException {
        String readAs = switch (TransferSyntaxes.encodingOf(scan.transferSyntaxUid())) {
            case IMPLICIT_LITTLE -> TransferSyntaxes.IMPLICIT_VR_LITTLE_ENDIAN;
            case EXPLICIT_BIG -> TransferSyntaxes.EXPLICIT_VR_BIG_ENDIAN;
            default -> TransferSyntaxes.EXPLICIT_VR_LITTLE_ENDIAN; // deflated: the kept bytes are inflated
        };
        AttributeList list = new AttributeList();
        parse(() -> {
            try (DicomInputStream dicom = new DicomInputStream(new ByteArrayInputStream(scan.kept()), readAs, false)) {
                return list.read(dicom);
            }
        });
        if (!scan.metaSopClassUid().isEmpty()) {
            parse(() -> {
                Attribute sopClass = new UniqueIdentifierAttribute(TagFromName.MediaStorageSOPClassUID);
                sopClass.addValue(scan.metaSopClassUid());
                return list.put(sopClass);
            });
        }
        PixelElement element = switch (scan.pixelTag()) {
            case HeaderScan.PIXEL_DATA -> PixelElement.PIXEL_DATA;
            case HeaderScan.FLOAT_PIXEL_DATA -> PixelElement.FLOAT_PIXEL_DATA;
            case HeaderScan.DOUBLE_FLOAT_PIXEL_DATA -> PixelElement.DOUBLE_FLOAT_PIXEL_DATA;
            default -> PixelElement.NONE;
        };
        return new Header(list, scan.transferSyntaxUid(), element);
    }

    private static Header parseHeader(Path file) throws NotDecodableException, IOException {
        AttributeList list = new AttributeList();
        PixelElement[] found = {PixelElement.NONE};
        try (InputStream in = open(file)) {
            DicomInputStream dicom = parse(() -> new DicomInputStream(in));
            parse(() -> list.read(dicom, (l, tag, offset) -> {
                if (l != list) {
                    return false;
                }
                PixelElement element = pixelElement(tag);
                if (element != PixelElement.NONE) {
                    found[0] = element;
                    return true;
                }
                return false;
            }));
            return new Header(list, transferSyntax(list, dicom), found[0]);
        }
    }

    /** Reads the whole object into memory. */
    static Whole readWhole(Path file) throws NotDecodableException, IOException {
        AttributeList list = new AttributeList();
        // Native objects only reach here; should a compressed one slip through, keep its fragments as they are.
        list.setDecompressPixelData(false);
        try (InputStream in = open(file)) {
            DicomInputStream dicom = parse(() -> new DicomInputStream(in));
            // Stop after the pixel data: what may follow (padding, signatures, or garbage that PixelMed slowly
            // "compensates" element by element) is not needed.
            parse(() -> list.read(dicom, (l, tag, offset) -> l == list && l.containsKey(TagFromName.PixelData)));
            return new Whole(list, transferSyntax(list, dicom));
        }
    }

    private static PixelElement pixelElement(AttributeTag tag) {
        if (tag.equals(TagFromName.PixelData)) {
            return PixelElement.PIXEL_DATA;
        }
        if (tag.equals(FLOAT_PIXEL_DATA)) {
            return PixelElement.FLOAT_PIXEL_DATA;
        }
        if (tag.equals(DOUBLE_FLOAT_PIXEL_DATA)) {
            return PixelElement.DOUBLE_FLOAT_PIXEL_DATA;
        }
        return PixelElement.NONE;
    }

    /**
     * The File Meta header's Transfer Syntax UID where there is one (PixelMed may have guessed another when the
     * header lacks its "DICM" prefix), else the syntax PixelMed detected for a bare data set.
     */
    private static String transferSyntax(AttributeList list, DicomInputStream dicom) {
        String declared =
                DicomUids.trimPadding(Attribute.getSingleStringValueOrEmptyString(list, TagFromName.TransferSyntaxUID)
                        .trim());
        if (!declared.isEmpty()) {
            return declared;
        }
        return dicom.getTransferSyntaxToReadDataSet() == null
                ? ""
                : dicom.getTransferSyntaxToReadDataSet().getUID();
    }

    private static InputStream open(Path file) throws IOException {
        return new BufferedInputStream(Files.newInputStream(file), BUFFER);
    }

    /**
     * Runs a PixelMed step; whatever it throws is about the object's content (the file itself was opened), so it
     * becomes a pass-through. PixelMed logs and swallows most element-level errors itself and returns what it read.
     */
    private static <T> T parse(ParseStep<T> step) throws NotDecodableException {
        try {
            return step.run();
        } catch (Exception e) {
            throw new NotDecodableException(
                    PassThroughReason.UNSUPPORTED_PIXEL_FORMAT, "data set cannot be parsed: " + e);
        }
    }

    @FunctionalInterface
    private interface ParseStep<T> {
        T run() throws Exception;
    }
}
