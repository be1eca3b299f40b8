package org.deblurgateway.dicom.derived;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.CodeStringAttribute;
import com.pixelmed.dicom.DicomException;
import java.util.List;

/** Image Type (0008,0008) and Frame Type (0008,9007) of a derived image. */
final class DerivedImageType {

    private DerivedImageType() {}

    /**
     * DERIVED\SECONDARY followed by the source's values 3 onward. {@code keepValue2} keeps the source's Value 2
     * (PRIMARY) for the enhanced IODs that allow no other (PS3.3 C.8.16.1.2); {@code emptyThirdValue} adds an empty
     * Value 3 where the IOD requires one to be present (DX Image module) and the source had none.
     */
    static Attribute of(AttributeTag tag, List<String> sourceValues, boolean keepValue2, boolean emptyThirdValue)
            throws DicomException {
        CodeStringAttribute type = new CodeStringAttribute(tag);
        type.addValue("DERIVED");
        String sourceValue2 = sourceValues.size() > 1 ? sourceValues.get(1) : "";
        type.addValue(!keepValue2 ? "SECONDARY" : sourceValue2.isEmpty() ? "PRIMARY" : sourceValue2);
        for (int i = 2; i < sourceValues.size(); i++) {
            type.addValue(sourceValues.get(i));
        }
        if (emptyThirdValue && sourceValues.size() < 3) {
            type.addValue("");
        }
        return type;
    }
}
