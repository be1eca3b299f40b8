package org.deblurgateway.dicom.derived;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.CodeStringAttribute;
import com.pixelmed.dicom.DecimalStringAttribute;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.TagFromName;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Lossy Image Compression (0028,2110) and its history (PS3.3 C.7.6.1.1.5): once an image has been lossy compressed,
 * every image derived from it says so, even though the derived pixel data are stored uncompressed.
 */
final class LossyCompressionHistory {

    /** Lossy Image Compression Method defined terms of the transfer syntaxes that are lossy (PS3.3 C.7.6.1.1.5.1). */
    private static final Map<String, String> METHOD_OF_LOSSY_SYNTAX = Map.ofEntries(
            Map.entry("1.2.840.10008.1.2.4.50", "ISO_10918_1"),
            Map.entry("1.2.840.10008.1.2.4.51", "ISO_10918_1"),
            Map.entry("1.2.840.10008.1.2.4.81", "ISO_14495_1"),
            Map.entry("1.2.840.10008.1.2.4.91", "ISO_15444_1"),
            Map.entry("1.2.840.10008.1.2.4.93", "ISO_15444_1"),
            Map.entry("1.2.840.10008.1.2.4.203", "ISO_15444_15"),
            Map.entry("1.2.840.10008.1.2.4.100", "ISO_13818_2"),
            Map.entry("1.2.840.10008.1.2.4.101", "ISO_13818_2"),
            Map.entry("1.2.840.10008.1.2.4.102", "ISO_14496_10"),
            Map.entry("1.2.840.10008.1.2.4.103", "ISO_14496_10"),
            Map.entry("1.2.840.10008.1.2.4.104", "ISO_14496_10"),
            Map.entry("1.2.840.10008.1.2.4.105", "ISO_14496_10"),
            Map.entry("1.2.840.10008.1.2.4.106", "ISO_14496_10"),
            Map.entry("1.2.840.10008.1.2.4.107", "ISO_23008_2"),
            Map.entry("1.2.840.10008.1.2.4.108", "ISO_23008_2"),
            Map.entry("1.2.840.10008.1.2.4.112", "ISO_18181_1"));

    /** Syntaxes that are lossy whatever the codec parameters (JPEG 2000 and JPEG-LS near-lossless may be exact). */
    private static final List<String> ALWAYS_LOSSY = List.of(
            "1.2.840.10008.1.2.4.50",
            "1.2.840.10008.1.2.4.51",
            "1.2.840.10008.1.2.4.100",
            "1.2.840.10008.1.2.4.101",
            "1.2.840.10008.1.2.4.102",
            "1.2.840.10008.1.2.4.103",
            "1.2.840.10008.1.2.4.104",
            "1.2.840.10008.1.2.4.105",
            "1.2.840.10008.1.2.4.106",
            "1.2.840.10008.1.2.4.107",
            "1.2.840.10008.1.2.4.108");

    private LossyCompressionHistory() {}

    /**
     * Sets "01" when the source was lossy (its own flag, the decoder's verdict, or an always-lossy syntax), keeping
     * the source's ratios and methods and appending the method (and, when the compressed size is known, the ratio)
     * of the source's own lossy transfer syntax when the history does not end with it yet. A source that was not
     * lossy keeps its value ("00") or stays without one.
     */
    static void apply(AttributeList list, SourceObject source, boolean decoderSaysLossy, long uncompressedBytes)
            throws DicomException {
        String flag = AttributeEdits.string(list, TagFromName.LossyImageCompression);
        String syntax = source.transferSyntaxUid();
        boolean lossy = "01".equals(flag) || decoderSaysLossy || ALWAYS_LOSSY.contains(syntax);
        if (!lossy) {
            return;
        }
        AttributeEdits.putCodeString(list, TagFromName.LossyImageCompression, "01");
        String method = METHOD_OF_LOSSY_SYNTAX.get(syntax);
        if (method == null) {
            return; // lossy earlier in its history; the source's ratio/method (if any) stay as they were
        }
        List<String> methods = AttributeEdits.strings(list, TagFromName.LossyImageCompressionMethod);
        List<String> ratios = AttributeEdits.strings(list, TagFromName.LossyImageCompressionRatio);
        if (!methods.isEmpty() && method.equals(methods.get(methods.size() - 1))) {
            return; // the compressor already recorded this step
        }
        OptionalLong compressed = source.encapsulatedPixelBytes();
        String ratio = compressed.isPresent() && compressed.getAsLong() > 0
                ? ratio(uncompressedBytes, compressed.getAsLong())
                : null;
        // Ratio and Method pair up value by value; never append one without the other to a paired history.
        if (ratio != null && ratios.size() == methods.size()) {
            methods.add(method);
            ratios.add(ratio);
        } else if (ratios.isEmpty() && methods.isEmpty()) {
            methods.add(method);
        } else {
            return;
        }
        AttributeEdits.put(
                list, new CodeStringAttribute(TagFromName.LossyImageCompressionMethod), methods.toArray(String[]::new));
        if (!ratios.isEmpty()) {
            AttributeEdits.put(
                    list,
                    new DecimalStringAttribute(TagFromName.LossyImageCompressionRatio),
                    ratios.toArray(String[]::new));
        }
    }

    /** Uncompressed / compressed size as a DS of at most 16 characters, e.g. "12.34". */
    static String ratio(long uncompressedBytes, long compressedBytes) {
        BigDecimal r = BigDecimal.valueOf(uncompressedBytes)
                .divide(BigDecimal.valueOf(compressedBytes), 2, RoundingMode.HALF_UP);
        return r.stripTrailingZeros().toPlainString();
    }
}
