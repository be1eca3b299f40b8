package org.deblurgateway.dicom.derived;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.CodeStringAttribute;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.LongStringAttribute;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.SequenceItem;
import com.pixelmed.dicom.ShortStringAttribute;
import com.pixelmed.dicom.SpecificCharacterSet;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.UniqueIdentifierAttribute;
import java.util.ArrayList;
import java.util.List;
import org.deblurgateway.dicom.DicomUids;

/** Small helpers over PixelMed's attribute list that the derived-instance classes share. */
final class AttributeEdits {

    static final int LO_MAX = 64;

    private AttributeEdits() {}

    /** First value of {@code tag}, trimmed; "" when absent or empty. */
    static String string(AttributeList list, AttributeTag tag) {
        Attribute a = list.get(tag);
        return a == null ? "" : a.getSingleStringValueOrEmptyString().trim();
    }

    /** First value of {@code tag} as an integer; {@code absent} when absent or not a number. */
    static int integer(AttributeList list, AttributeTag tag, int absent) {
        Attribute a = list.get(tag);
        return a == null ? absent : a.getSingleIntegerValueOrDefault(absent);
    }

    /** A UI value without its padding; "" when absent. */
    static String uid(AttributeList list, AttributeTag tag) {
        return DicomUids.trimPadding(string(list, tag));
    }

    /** All values of {@code tag} (empty values kept, each trimmed); an empty list when absent. */
    static List<String> strings(AttributeList list, AttributeTag tag) throws DicomException {
        Attribute a = list.get(tag);
        List<String> values = new ArrayList<>();
        if (a == null || a.getVM() == 0) {
            return values;
        }
        for (String v : a.getStringValues()) {
            values.add(v == null ? "" : v.trim());
        }
        return values;
    }

    static void put(AttributeList list, Attribute attribute, String... values) throws DicomException {
        for (String v : values) {
            attribute.addValue(v);
        }
        list.put(attribute);
    }

    static void putUid(AttributeList list, AttributeTag tag, String value) throws DicomException {
        put(list, new UniqueIdentifierAttribute(tag), value);
    }

    static void putCodeString(AttributeList list, AttributeTag tag, String... values) throws DicomException {
        put(list, new CodeStringAttribute(tag), values);
    }

    static void putLongString(AttributeList list, AttributeTag tag, SpecificCharacterSet charset, String... values)
            throws DicomException {
        put(list, charset == null ? new LongStringAttribute(tag) : new LongStringAttribute(tag, charset), values);
    }

    /** An LO value: at most 64 characters, no backslash (it separates values), no control characters. */
    static String longString(String value) {
        if (value == null) {
            return "";
        }
        String clean = value.replace('\\', '/').replaceAll("\\p{Cntrl}", " ").trim();
        return clean.length() <= LO_MAX ? clean : clean.substring(0, LO_MAX);
    }

    /** A code sequence item: Code Value, Coding Scheme Designator, Code Meaning. */
    static AttributeList codeItem(DerivationCodes.Code code) throws DicomException {
        AttributeList item = new AttributeList();
        put(item, new ShortStringAttribute(TagFromName.CodeValue), code.value());
        put(item, new ShortStringAttribute(TagFromName.CodingSchemeDesignator), code.scheme());
        put(item, new LongStringAttribute(TagFromName.CodeMeaning), code.meaning());
        return item;
    }

    /** Replaces {@code tag} with a sequence holding {@code items}. */
    static SequenceAttribute putSequence(AttributeList list, AttributeTag tag, AttributeList... items) {
        SequenceAttribute sequence = new SequenceAttribute(tag);
        for (AttributeList item : items) {
            sequence.addItem(item);
        }
        list.put(sequence);
        return sequence;
    }

    /** The sequence {@code tag}, created empty when absent (or when a non-sequence stands in its place). */
    static SequenceAttribute sequence(AttributeList list, AttributeTag tag) {
        Attribute a = list.get(tag);
        if (a instanceof SequenceAttribute s) {
            return s;
        }
        SequenceAttribute s = new SequenceAttribute(tag);
        list.put(s);
        return s;
    }

    /** The item lists of sequence {@code tag}; empty when absent. */
    static List<AttributeList> items(AttributeList list, AttributeTag tag) {
        List<AttributeList> items = new ArrayList<>();
        if (list.get(tag) instanceof SequenceAttribute s) {
            for (int i = 0; i < s.getNumberOfItems(); i++) {
                SequenceItem item = s.getItem(i);
                if (item != null && item.getAttributeList() != null) {
                    items.add(item.getAttributeList());
                }
            }
        }
        return items;
    }

    /** The character set the object's text is in, for new text attributes that may carry source text. */
    static SpecificCharacterSet charset(AttributeList list) {
        return new SpecificCharacterSet(list);
    }
}
