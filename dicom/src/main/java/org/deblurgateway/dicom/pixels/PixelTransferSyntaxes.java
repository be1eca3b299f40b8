package org.deblurgateway.dicom.pixels;

import static org.deblurgateway.dicom.TransferSyntaxes.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN;
import static org.deblurgateway.dicom.TransferSyntaxes.EXPLICIT_VR_BIG_ENDIAN;
import static org.deblurgateway.dicom.TransferSyntaxes.EXPLICIT_VR_LITTLE_ENDIAN;
import static org.deblurgateway.dicom.TransferSyntaxes.IMPLICIT_VR_LITTLE_ENDIAN;
import static org.deblurgateway.dicom.TransferSyntaxes.RLE_LOSSLESS;

import java.util.Map;
import java.util.Set;

/**
 * What the codec needs to know about a transfer syntax beyond {@code TransferSyntaxes} (native or not): is the
 * pixel data lossy, or video; and its name for pass-through details.
 */
final class PixelTransferSyntaxes {

    private static final String JPEG = "1.2.840.10008.1.2.4.";

    /**
     * Lossy syntaxes (PS3.5 Table A-*; retired JPEG processes included): JPEG baseline/extended/progressive and the
     * retired hierarchical ones, JPEG-LS near-lossless, JPEG 2000 (not "lossless only"), JPEG 2000 part 2 multi-
     * component, MPEG-2 / MPEG-4 / HEVC video, HTJ2K (not "lossless"), JPEG XL lossy and JPEG recompression (its
     * source was a lossy JPEG).
     */
    private static final Set<String> LOSSY = Set.of(
            JPEG + "50",
            JPEG + "51",
            JPEG + "52",
            JPEG + "53",
            JPEG + "54",
            JPEG + "55",
            JPEG + "56",
            JPEG + "59",
            JPEG + "60",
            JPEG + "61",
            JPEG + "62",
            JPEG + "63",
            JPEG + "64",
            JPEG + "81",
            JPEG + "91",
            JPEG + "93",
            JPEG + "100",
            JPEG + "100.1",
            JPEG + "101",
            JPEG + "101.1",
            JPEG + "102",
            JPEG + "102.1",
            JPEG + "103",
            JPEG + "103.1",
            JPEG + "104",
            JPEG + "104.1",
            JPEG + "105",
            JPEG + "105.1",
            JPEG + "106",
            JPEG + "106.1",
            JPEG + "107",
            JPEG + "108",
            JPEG + "111",
            JPEG + "112",
            JPEG + "203");

    /** Video and referenced-pixel syntaxes: no tool here turns them into frames. */
    private static final Set<String> NOT_FRAME_DECODABLE = Set.of(
            JPEG + "94",
            JPEG + "95",
            JPEG + "204",
            JPEG + "205",
            JPEG + "100",
            JPEG + "100.1",
            JPEG + "101",
            JPEG + "101.1",
            JPEG + "102",
            JPEG + "102.1",
            JPEG + "103",
            JPEG + "103.1",
            JPEG + "104",
            JPEG + "104.1",
            JPEG + "105",
            JPEG + "105.1",
            JPEG + "106",
            JPEG + "106.1",
            JPEG + "107",
            JPEG + "108");

    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry(IMPLICIT_VR_LITTLE_ENDIAN, "Implicit VR Little Endian"),
            Map.entry(EXPLICIT_VR_LITTLE_ENDIAN, "Explicit VR Little Endian"),
            Map.entry(DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN, "Deflated Explicit VR Little Endian"),
            Map.entry(EXPLICIT_VR_BIG_ENDIAN, "Explicit VR Big Endian"),
            Map.entry(RLE_LOSSLESS, "RLE Lossless"),
            Map.entry(JPEG + "50", "JPEG Baseline"),
            Map.entry(JPEG + "51", "JPEG Extended"),
            Map.entry(JPEG + "57", "JPEG Lossless"),
            Map.entry(JPEG + "70", "JPEG Lossless SV1"),
            Map.entry(JPEG + "80", "JPEG-LS Lossless"),
            Map.entry(JPEG + "81", "JPEG-LS Near-Lossless"),
            Map.entry(JPEG + "90", "JPEG 2000 Lossless Only"),
            Map.entry(JPEG + "91", "JPEG 2000"),
            Map.entry(JPEG + "201", "HTJ2K Lossless Only"),
            Map.entry(JPEG + "202", "HTJ2K RPCL Lossless Only"),
            Map.entry(JPEG + "203", "HTJ2K"),
            Map.entry("1.2.840.10008.1.2.8.1", "Deflated Image Frame Compression"));

    private PixelTransferSyntaxes() {}

    static boolean isLossy(String uid) {
        return LOSSY.contains(uid);
    }

    static boolean isFrameDecodable(String uid) {
        return !NOT_FRAME_DECODABLE.contains(uid);
    }

    /** The UID with its name where known, for pass-through details. */
    static String describe(String uid) {
        String name = NAMES.get(uid);
        return name == null ? uid : uid + " (" + name + ")";
    }
}
