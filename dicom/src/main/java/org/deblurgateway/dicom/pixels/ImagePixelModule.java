package org.deblurgateway.dicom.pixels;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.TagFromName;
import java.util.Set;

/**
 * The Image Pixel module attributes the codec works from (PS3.3 C.7.6.3), read from a data set and checked against
 * what the codec can decode. Anything it cannot decode is refused with the pass-through reason that says why.
 *
 * @param photometric         Photometric Interpretation as written (trimmed)
 * @param planarConfiguration 0 (colour-by-pixel) or 1 (colour-by-plane); 0 for one-sample data
 */
record ImagePixelModule(
        String photometric,
        int samplesPerPixel,
        int rows,
        int columns,
        int frames,
        int bitsAllocated,
        int bitsStored,
        int highBit,
        boolean signed,
        int planarConfiguration) {

    static final String MONOCHROME1 = "MONOCHROME1";
    static final String MONOCHROME2 = "MONOCHROME2";
    static final String RGB = "RGB";
    static final String YBR_FULL = "YBR_FULL";
    static final String YBR_FULL_422 = "YBR_FULL_422";
    static final String YBR_RCT = "YBR_RCT";
    static final String YBR_ICT = "YBR_ICT";
    private static final String PALETTE_COLOR = "PALETTE COLOR";

    private static final Set<String> GREY = Set.of(MONOCHROME1, MONOCHROME2);
    private static final Set<String> COLOUR = Set.of(RGB, YBR_FULL, YBR_FULL_422, YBR_RCT, YBR_ICT);

    /**
     * Reads and checks the module.
     *
     * @throws NotDecodableException palette colour, 1-bit, or a layout the codec does not handle
     */
    static ImagePixelModule read(AttributeList list) throws NotDecodableException {
        String photometric = text(list, TagFromName.PhotometricInterpretation);
        if (PALETTE_COLOR.equals(photometric)) {
            throw new NotDecodableException(
                    PassThroughReason.PALETTE_COLOUR,
                    "Photometric Interpretation PALETTE COLOR: the network works on grey or RGB samples, not on indices"
                            + " into a colour table");
        }
        int bitsAllocated = required(list, TagFromName.BitsAllocated, "Bits Allocated");
        if (bitsAllocated == 1) {
            throw new NotDecodableException(PassThroughReason.ONE_BIT, "Bits Allocated 1 (bit-packed binary pixels)");
        }
        if (photometric.isEmpty()) {
            throw unsupported("Photometric Interpretation is missing");
        }
        int samplesPerPixel = required(list, TagFromName.SamplesPerPixel, "Samples per Pixel");
        int rows = required(list, TagFromName.Rows, "Rows");
        int columns = required(list, TagFromName.Columns, "Columns");
        int bitsStored = required(list, TagFromName.BitsStored, "Bits Stored");
        int highBit = optional(list, TagFromName.HighBit, "High Bit", bitsStored - 1);
        int pixelRepresentation = optional(list, TagFromName.PixelRepresentation, "Pixel Representation", 0);
        int frames = optional(list, TagFromName.NumberOfFrames, "Number of Frames", 1);
        int planar =
                samplesPerPixel == 1 ? 0 : optional(list, TagFromName.PlanarConfiguration, "Planar Configuration", 0);

        if (bitsAllocated != 8 && bitsAllocated != 16) {
            throw unsupported("Bits Allocated " + bitsAllocated + " (the codec handles 8 and 16)");
        }
        if (samplesPerPixel != 1 && samplesPerPixel != 3) {
            throw unsupported("Samples per Pixel " + samplesPerPixel + " (the codec handles 1 and 3)");
        }
        boolean grey = GREY.contains(photometric);
        if (!grey && !COLOUR.contains(photometric)) {
            throw unsupported("Photometric Interpretation " + photometric);
        }
        if (grey != (samplesPerPixel == 1)) {
            throw unsupported(
                    "Photometric Interpretation " + photometric + " with " + samplesPerPixel + " samples per pixel");
        }
        if (rows < 1 || columns < 1 || frames < 1) {
            throw unsupported("empty image: " + rows + " rows, " + columns + " columns, " + frames + " frames");
        }
        if (bitsStored < 1 || bitsStored > bitsAllocated) {
            throw unsupported("Bits Stored " + bitsStored + " with Bits Allocated " + bitsAllocated);
        }
        if (highBit < bitsStored - 1 || highBit > bitsAllocated - 1) {
            throw unsupported(
                    "High Bit " + highBit + " with Bits Stored " + bitsStored + " and Bits Allocated " + bitsAllocated);
        }
        if (pixelRepresentation != 0 && pixelRepresentation != 1) {
            throw unsupported("Pixel Representation " + pixelRepresentation);
        }
        if (planar != 0 && planar != 1) {
            throw unsupported("Planar Configuration " + planar);
        }
        return new ImagePixelModule(
                photometric,
                samplesPerPixel,
                rows,
                columns,
                frames,
                bitsAllocated,
                bitsStored,
                highBit,
                pixelRepresentation == 1,
                planar);
    }

    long framePixels() {
        return (long) rows * columns;
    }

    long instancePixels() {
        return framePixels() * frames;
    }

    /** Samples of one frame: what decoding and the network hold in memory per frame (an RGB pixel has three). */
    long frameSamples() {
        return framePixels() * samplesPerPixel;
    }

    long instanceSamples() {
        return frameSamples() * frames;
    }

    boolean isYbrFull() {
        return YBR_FULL.equals(photometric) || YBR_FULL_422.equals(photometric);
    }

    /** What the decoded frames hold: the grey interpretation as is, every colour one as RGB. */
    String decodedPhotometric() {
        return samplesPerPixel == 1 ? photometric : RGB;
    }

    static NotDecodableException unsupported(String detail) {
        return new NotDecodableException(PassThroughReason.UNSUPPORTED_PIXEL_FORMAT, detail);
    }

    private static int required(AttributeList list, AttributeTag tag, String name) throws NotDecodableException {
        String value = text(list, tag);
        if (value.isEmpty()) {
            throw unsupported(name + " is missing");
        }
        return parse(value, name);
    }

    private static int optional(AttributeList list, AttributeTag tag, String name, int absent)
            throws NotDecodableException {
        String value = text(list, tag);
        return value.isEmpty() ? absent : parse(value, name);
    }

    private static int parse(String value, String name) throws NotDecodableException {
        String digits = value.startsWith("+") ? value.substring(1) : value;
        if (!digits.matches("[0-9]{1,9}")) {
            throw unsupported(name + " is not a count: '" + value + "'");
        }
        return Integer.parseInt(digits);
    }

    private static String text(AttributeList list, AttributeTag tag) {
        Attribute a = list.get(tag);
        return a == null ? "" : a.getSingleStringValueOrEmptyString().trim();
    }
}
