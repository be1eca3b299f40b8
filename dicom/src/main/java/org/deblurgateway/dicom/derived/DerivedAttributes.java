package org.deblurgateway.dicom.derived;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DateAttribute;
import com.pixelmed.dicom.DateTimeAttribute;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.IntegerStringAttribute;
import com.pixelmed.dicom.LongStringAttribute;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.ShortTextAttribute;
import com.pixelmed.dicom.SpecificCharacterSet;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TimeAttribute;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns the attributes of a source object into those of the derived instance: new identity, DERIVED image type,
 * provenance, quality tags, pixel description, and without the attributes the new pixels would make wrong.
 */
final class DerivedAttributes {

    static final AttributeTag CONTRIBUTION_DATE_TIME = new AttributeTag(0x0018, 0xA002);
    static final String DEFAULT_CONTENT_QUALIFICATION = "RESEARCH";

    /** Attributes that describe the old pixel data or vouch for the old object, and would be wrong now. */
    private static final List<AttributeTag> STALE = List.of(
            TagFromName.SmallestImagePixelValue,
            TagFromName.LargestImagePixelValue,
            new AttributeTag(0x0028, 0x0108),
            new AttributeTag(0x0028, 0x0109), // ... Pixel Value in Series
            new AttributeTag(0x0028, 0x0110),
            new AttributeTag(0x0028, 0x0111), // ... in Plane (retired)
            TagFromName.PixelDataProviderURL,
            TagFromName.InstanceCreatorUID, // the gateway created this instance
            new AttributeTag(0x0100, 0x0410), // SOP Instance Status: the derived instance is no authorized original
            new AttributeTag(0x0100, 0x0420),
            new AttributeTag(0x0100, 0x0424),
            new AttributeTag(0x0100, 0x0426),
            new AttributeTag(0x4FFE, 0x0001)); // MAC Parameters Sequence

    /** Removed at every nesting level: a thumbnail of the old pixels, signatures over the old bytes. */
    private static final List<AttributeTag> STALE_ANYWHERE =
            List.of(TagFromName.IconImageSequence, TagFromName.DigitalSignaturesSequence);

    private static final DateTimeFormatter DT = DateTimeFormatter.ofPattern("yyyyMMddHHmmss.SSSSSSxx", Locale.ROOT);
    private static final DateTimeFormatter DA = DateTimeFormatter.ofPattern("yyyyMMdd", Locale.ROOT);
    private static final DateTimeFormatter TM = DateTimeFormatter.ofPattern("HHmmss.SSSSSS", Locale.ROOT);

    private DerivedAttributes() {}

    /**
     * Edits {@code list} (the source's attributes before pixel data) into the derived instance's.
     *
     * @param uncompressedSourceBytes size of the source's pixel data uncompressed (for a lossy compression ratio)
     */
    static void apply(
            AttributeList list,
            SourceObject source,
            Derivation d,
            NativePixelData pixels,
            boolean sourceLossy,
            long uncompressedSourceBytes)
            throws DicomException {
        removeStale(list);
        identity(list, d);
        imageType(list, d);
        SourceReferences.apply(list, d);
        contributingEquipment(list, d);
        AttributeEdits.putCodeString(list, TagFromName.ContentQualification, contentQualification(d.settings()));
        LossyCompressionHistory.apply(list, source, sourceLossy, uncompressedSourceBytes);
        series(list, d.settings());
        PrivateQualityBlock.put(list, d.provenance());
        pixels.describe(list);
    }

    private static void removeStale(AttributeList list) {
        STALE.forEach(list::remove);
        STALE_ANYWHERE.forEach(list::removeRecursively);
        List<AttributeTag> drop = new ArrayList<>();
        for (AttributeTag tag : list.keySet()) {
            if (tag.getGroup() >= 0x7FE0 || isEmbeddedOverlay(list, tag.getGroup())) {
                drop.add(tag);
            }
        }
        drop.forEach(list::remove);
    }

    /**
     * An overlay group (60xx) without Overlay Data kept its bits in the unused high bits of the old pixel data
     * (retired usage); the new pixel data has none, so the overlay description would point at nothing.
     */
    private static boolean isEmbeddedOverlay(AttributeList list, int group) {
        return group >= 0x6000
                && group <= 0x601E
                && group % 2 == 0
                && list.get(new AttributeTag(group, 0x0010)) != null
                && list.get(new AttributeTag(group, 0x3000)) == null;
    }

    private static void identity(AttributeList list, Derivation d) throws DicomException {
        AttributeEdits.putUid(list, TagFromName.SeriesInstanceUID, d.seriesUid());
        AttributeEdits.putUid(list, TagFromName.SOPInstanceUID, d.instanceUid());
        // Instance Creation Date/Time are local times of the object's time zone (its Timezone Offset From UTC
        // when present, else the gateway's own zone).
        ZonedDateTime created = d.provenance().processedAt().atZone(zoneOf(list));
        Attribute date = new DateAttribute(TagFromName.InstanceCreationDate);
        date.addValue(created.format(DA));
        list.put(date);
        Attribute time = new TimeAttribute(TagFromName.InstanceCreationTime);
        time.addValue(created.format(TM));
        list.put(time);
    }

    private static ZoneId zoneOf(AttributeList list) {
        String offset = AttributeEdits.string(list, TagFromName.TimezoneOffsetFromUTC);
        if (offset.matches("[+-][0-9]{4}")) {
            try {
                return ZoneOffset.of(offset.substring(0, 3) + ":" + offset.substring(3));
            } catch (DateTimeException e) {
                // an impossible offset such as +2500: fall back to the gateway's zone
            }
        }
        return ZoneId.systemDefault();
    }

    /**
     * Image Type DERIVED\SECONDARY\(source's Value 3 onward); enhanced IODs keep Value 2 PRIMARY, the DX IODs need
     * Value 3 present, even empty.
     */
    private static void imageType(AttributeList list, Derivation d) throws DicomException {
        List<String> source = AttributeEdits.strings(list, TagFromName.ImageType);
        String sopClass = d.sourceSopClassUid();
        boolean enhanced = IodRules.isEnhanced(sopClass) || SourceReferences.hasFunctionalGroups(list);
        list.put(DerivedImageType.of(TagFromName.ImageType, source, enhanced, IodRules.isDigitalXRay(sopClass)));
    }

    /** Contributing Equipment Sequence (SOP Common module) gains the gateway, after the equipment listed before. */
    private static void contributingEquipment(AttributeList list, Derivation d) throws DicomException {
        DerivedSeriesSettings settings = d.settings();
        Provenance p = d.provenance();
        AttributeList item = new AttributeList();
        AttributeEdits.putSequence(
                item,
                TagFromName.PurposeOfReferenceCodeSequence,
                AttributeEdits.codeItem(DerivationCodes.PROCESSING_EQUIPMENT));
        AttributeEdits.putLongString(item, TagFromName.Manufacturer, null, longString(settings.manufacturer()));
        AttributeEdits.putLongString(item, TagFromName.ManufacturerModelName, null, Derivation.PRODUCT);
        AttributeEdits.putLongString(
                item,
                TagFromName.SoftwareVersions,
                null,
                longString(settings.softwareVersion()),
                longString(p.modelId() + " " + p.modelVersion()));
        Attribute when = new DateTimeAttribute(CONTRIBUTION_DATE_TIME);
        when.addValue(p.processedAt().atOffset(ZoneOffset.UTC).format(DT));
        item.put(when);
        Attribute description = new ShortTextAttribute(TagFromName.ContributionDescription);
        description.addValue(d.action());
        item.put(description);
        SequenceAttribute equipment = AttributeEdits.sequence(list, TagFromName.ContributingEquipmentSequence);
        equipment.addItem(item);
    }

    static String contentQualification(DerivedSeriesSettings settings) {
        String value = settings.contentQualification();
        return value == null || value.isBlank()
                ? DEFAULT_CONTENT_QUALIFICATION
                : value.trim().toUpperCase(Locale.ROOT);
    }

    /** Series Description gains the site's suffix; Series Number moves by the site's offset when it is a number. */
    private static void series(AttributeList list, DerivedSeriesSettings settings) throws DicomException {
        String suffix = settings.seriesDescriptionSuffix() == null ? "" : settings.seriesDescriptionSuffix();
        String source = AttributeEdits.string(list, TagFromName.SeriesDescription);
        String description = source.isEmpty()
                ? suffix.trim()
                : source.substring(0, Math.min(source.length(), Math.max(0, AttributeEdits.LO_MAX - suffix.length())))
                        + suffix;
        description = longString(description);
        if (!description.isEmpty()) {
            SpecificCharacterSet charset = AttributeEdits.charset(list);
            Attribute a = new LongStringAttribute(TagFromName.SeriesDescription, charset);
            a.addValue(description);
            list.put(a);
        }
        String number = AttributeEdits.string(list, TagFromName.SeriesNumber);
        if (number.matches("[+-]?[0-9]{1,11}")) {
            long moved = Long.parseLong(number.startsWith("+") ? number.substring(1) : number)
                    + settings.seriesNumberOffset();
            if (moved >= Integer.MIN_VALUE && moved <= Integer.MAX_VALUE) {
                IntegerStringAttribute a = new IntegerStringAttribute(TagFromName.SeriesNumber);
                a.addValue((int) moved);
                list.put(a);
            }
        }
    }

    private static String longString(String value) {
        return AttributeEdits.longString(value);
    }
}
