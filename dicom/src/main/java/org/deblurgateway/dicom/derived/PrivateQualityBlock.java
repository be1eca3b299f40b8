package org.deblurgateway.dicom.derived;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.CodeStringAttribute;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.FloatDoubleAttribute;
import com.pixelmed.dicom.LongStringAttribute;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Writes the {@link QualityTags} private block of a derived instance. */
final class PrivateQualityBlock {

    private PrivateQualityBlock() {}

    /**
     * Reserves the block (reusing a block of our creator that a source made by an earlier run carries, after
     * emptying it) and fills it from {@code provenance}.
     *
     * @return the block number used (0x10..0xFF)
     */
    static int put(AttributeList list, Provenance provenance) throws DicomException {
        int block = reserve(list);
        putLongString(list, block, QualityTags.Element.MODEL_ID, provenance.modelId());
        putLongString(list, block, QualityTags.Element.MODEL_VERSION, provenance.modelVersion());
        putLongString(
                list,
                block,
                QualityTags.Element.WEIGHTS_SHA256,
                provenance.weightsSha256() == null
                        ? ""
                        : provenance.weightsSha256().toLowerCase(Locale.ROOT));
        putDouble(list, block, QualityTags.Element.INPUT_BLUR_SCORE, provenance.inputBlurScore());
        putDouble(list, block, QualityTags.Element.OUTPUT_BLUR_SCORE, provenance.outputBlurScore());
        putLongString(list, block, QualityTags.Element.BLUR_SCORE_MEASURE, QualityTags.BLUR_MEASURE);
        putDouble(list, block, QualityTags.Element.PROCESSING_TIME_MS, provenance.processingMillis());
        Attribute device = new CodeStringAttribute(tag(block, QualityTags.Element.DEVICE));
        device.addValue(codeString(provenance.device()));
        list.put(device);
        putLongString(list, block, QualityTags.Element.TILING, provenance.tiling());
        return block;
    }

    private static int reserve(AttributeList list) throws DicomException {
        int free = -1;
        for (int block = 0x10; block <= 0xFF; block++) {
            Attribute creator = list.get(new AttributeTag(QualityTags.GROUP, block));
            if (creator == null) {
                if (free < 0) {
                    free = block;
                }
            } else if (QualityTags.CREATOR.equals(
                    creator.getSingleStringValueOrEmptyString().trim())) {
                removeBlock(list, block);
                return block;
            }
        }
        if (free < 0) {
            throw new DicomException("no free private block in group 0073 for " + QualityTags.CREATOR);
        }
        Attribute creator = new LongStringAttribute(new AttributeTag(QualityTags.GROUP, free));
        creator.addValue(QualityTags.CREATOR);
        list.put(creator);
        return free;
    }

    /** Drops the elements a previous run wrote into our block: they described other pixels. */
    private static void removeBlock(AttributeList list, int block) {
        List<AttributeTag> stale = new ArrayList<>();
        for (AttributeTag tag : list.keySet()) {
            if (tag.getGroup() == QualityTags.GROUP && (tag.getElement() >> 8) == block) {
                stale.add(tag);
            }
        }
        stale.forEach(list::remove);
    }

    private static AttributeTag tag(int block, QualityTags.Element element) {
        return new AttributeTag(QualityTags.GROUP, element.element(block));
    }

    private static void putLongString(AttributeList list, int block, QualityTags.Element element, String value)
            throws DicomException {
        Attribute a = new LongStringAttribute(tag(block, element));
        a.addValue(AttributeEdits.longString(value));
        list.put(a);
    }

    private static void putDouble(AttributeList list, int block, QualityTags.Element element, double value)
            throws DicomException {
        Attribute a = new FloatDoubleAttribute(tag(block, element));
        a.addValue(value);
        list.put(a);
    }

    /** CS: upper case letters, digits, space and underscore, 16 characters at most. */
    private static String codeString(String value) {
        String clean = value == null
                ? ""
                : value.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9 _]", "_").trim();
        return clean.length() <= 16 ? clean : clean.substring(0, 16);
    }
}
