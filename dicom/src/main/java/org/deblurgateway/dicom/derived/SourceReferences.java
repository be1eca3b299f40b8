package org.deblurgateway.dicom.derived;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.IntegerStringAttribute;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.ShortTextAttribute;
import com.pixelmed.dicom.TagFromName;
import java.util.List;

/**
 * How a derived instance says what it was derived from: Derivation Description and Code, the Source Image Sequence,
 * the Related Series Sequence and, for objects with functional groups (enhanced multi-frame IODs), the Derivation
 * Image functional group, consistent Frame Types, Source Image Evidence and the Common Instance Reference module.
 */
final class SourceReferences {

    static final AttributeTag SOURCE_IMAGE_EVIDENCE_SEQUENCE = new AttributeTag(0x0008, 0x9154);

    /**
     * Referenced Frame Number is IS, whose encoded length is limited to 64 KiB in Explicit VR. Past this many frames
     * the list is left out, which the standard reads as "the reference applies to all frames" (PS3.3 Table 10-3).
     */
    private static final int MAX_LISTED_FRAMES = 9_999;

    private SourceReferences() {}

    static void apply(AttributeList list, Derivation d) throws DicomException {
        relatedSeries(list, d);
        if (hasFunctionalGroups(list)) {
            enhanced(list, d);
        } else {
            singleSourceImage(list, d);
        }
    }

    /** Enhanced multi-frame objects keep their per-frame description in functional groups (PS3.3 C.7.6.16). */
    static boolean hasFunctionalGroups(AttributeList list) {
        return !AttributeEdits.items(list, TagFromName.SharedFunctionalGroupsSequence)
                .isEmpty();
    }

    /** General Image module: derivation and one Source Image Sequence item, replacing the source's own. */
    private static void singleSourceImage(AttributeList list, Derivation d) throws DicomException {
        putDerivation(list, d, AttributeEdits.string(list, TagFromName.DerivationDescription));
        int[] frames = d.sourceMultiFrame() ? allFrames(d.sourceFrames()) : null;
        AttributeEdits.putSequence(list, TagFromName.SourceImageSequence, sourceImageItem(d, frames));
        if (list.get(TagFromName.ReferencedSeriesSequence) != null) {
            // The source already uses the Common Instance Reference module: keep it complete.
            commonInstanceReference(list, d);
        }
    }

    private static void putDerivation(AttributeList target, Derivation d, String sourceDescription)
            throws DicomException {
        ShortTextAttribute description = new ShortTextAttribute(TagFromName.DerivationDescription);
        description.addValue(d.description(sourceDescription));
        target.put(description);
        AttributeEdits.putSequence(
                target, TagFromName.DerivationCodeSequence, AttributeEdits.codeItem(DerivationCodes.EDGE_ENHANCEMENT));
    }

    /** Related Series Sequence (General Series module) gains the source series, after any the source listed. */
    private static void relatedSeries(AttributeList list, Derivation d) throws DicomException {
        AttributeList item = new AttributeList();
        AttributeEdits.putUid(item, TagFromName.StudyInstanceUID, d.studyUid());
        AttributeEdits.putUid(item, TagFromName.SeriesInstanceUID, d.sourceSeriesUid());
        AttributeEdits.putSequence(
                item,
                TagFromName.PurposeOfReferenceCodeSequence,
                AttributeEdits.codeItem(DerivationCodes.SOURCE_SERIES));
        AttributeEdits.sequence(list, TagFromName.RelatedSeriesSequence).addItem(item);
    }

    private static AttributeList sourceImageItem(Derivation d, int[] frames) throws DicomException {
        AttributeList item = new AttributeList();
        AttributeEdits.putUid(item, TagFromName.ReferencedSOPClassUID, d.sourceSopClassUid());
        AttributeEdits.putUid(item, TagFromName.ReferencedSOPInstanceUID, d.sourceSopInstanceUid());
        if (frames != null) {
            IntegerStringAttribute numbers = new IntegerStringAttribute(TagFromName.ReferencedFrameNumber);
            for (int f : frames) {
                numbers.addValue(f);
            }
            item.put(numbers);
        }
        AttributeEdits.putSequence(
                item,
                TagFromName.PurposeOfReferenceCodeSequence,
                AttributeEdits.codeItem(DerivationCodes.SOURCE_IMAGE));
        // Deblurring moves no pixel: spatial information (geometry, annotations) of the source stays valid.
        AttributeEdits.putCodeString(item, TagFromName.SpatialLocationsPreserved, "YES");
        return item;
    }

    private static int[] allFrames(int count) {
        if (count > MAX_LISTED_FRAMES) {
            return null;
        }
        int[] frames = new int[count];
        for (int i = 0; i < count; i++) {
            frames[i] = i + 1;
        }
        return frames;
    }

    /**
     * Enhanced objects: frame i of the derived object comes from frame i of the source, said per frame in the
     * Derivation Image functional group (or once, in the shared group, when there are no per-frame groups, as in
     * TILED_FULL whole-slide images). The top-level General Image attributes are not part of these IODs.
     */
    private static void enhanced(AttributeList list, Derivation d) throws DicomException {
        String sourceDescription = AttributeEdits.string(list, TagFromName.DerivationDescription);
        list.remove(TagFromName.DerivationDescription);
        list.remove(TagFromName.DerivationCodeSequence);
        list.remove(TagFromName.SourceImageSequence);
        AttributeList shared = AttributeEdits.items(list, TagFromName.SharedFunctionalGroupsSequence)
                .get(0);
        List<AttributeList> perFrame = AttributeEdits.items(list, TagFromName.PerFrameFunctionalGroupsSequence);
        markFramesDerived(shared);
        for (AttributeList frame : perFrame) {
            markFramesDerived(frame);
        }
        String previous = sourceDescription.isEmpty() ? derivationDescriptionIn(shared, perFrame) : sourceDescription;
        shared.remove(TagFromName.DerivationImageSequence);
        perFrame.forEach(item -> item.remove(TagFromName.DerivationImageSequence));
        boolean oneGroupPerFrame = !perFrame.isEmpty() && perFrame.size() == d.sourceFrames();
        if (oneGroupPerFrame) {
            for (int i = 0; i < perFrame.size(); i++) {
                perFrame.get(i).put(derivationImage(d, previous, d.sourceMultiFrame() ? new int[] {i + 1} : null));
            }
        } else {
            shared.put(derivationImage(d, previous, d.sourceMultiFrame() ? allFrames(d.sourceFrames()) : null));
        }
        if (IodRules.hasSourceImageEvidence(d.sourceSopClassUid())) {
            sourceImageEvidence(list, d);
        }
        commonInstanceReference(list, d);
    }

    private static SequenceAttribute derivationImage(Derivation d, String previous, int[] frames)
            throws DicomException {
        AttributeList item = new AttributeList();
        putDerivation(item, d, previous);
        AttributeEdits.putSequence(item, TagFromName.SourceImageSequence, sourceImageItem(d, frames));
        SequenceAttribute sequence = new SequenceAttribute(TagFromName.DerivationImageSequence);
        sequence.addItem(item);
        return sequence;
    }

    private static String derivationDescriptionIn(AttributeList shared, List<AttributeList> perFrame) {
        AttributeList first = !AttributeEdits.items(shared, TagFromName.DerivationImageSequence)
                        .isEmpty()
                ? shared
                : perFrame.isEmpty() ? null : perFrame.get(0);
        if (first == null) {
            return "";
        }
        List<AttributeList> items = AttributeEdits.items(first, TagFromName.DerivationImageSequence);
        return items.isEmpty() ? "" : AttributeEdits.string(items.get(0), TagFromName.DerivationDescription);
    }

    /**
     * Frame Type (0008,9007) sits in the modality's frame type functional group (MR Image Frame Type, CT Image
     * Frame Type, ...). Value 1 becomes DERIVED like Image Type's, which must agree with every frame; Value 2 stays
     * (PRIMARY is the only value these IODs allow, PS3.3 C.8.16.1.2).
     */
    private static void markFramesDerived(AttributeList group) throws DicomException {
        for (Attribute a : group.values()) {
            if (!(a instanceof SequenceAttribute)) {
                continue;
            }
            for (AttributeList macro : AttributeEdits.items(group, a.getTag())) {
                if (macro.get(TagFromName.FrameType) != null) {
                    List<String> values = AttributeEdits.strings(macro, TagFromName.FrameType);
                    macro.put(DerivedImageType.of(TagFromName.FrameType, values, true, false));
                }
            }
        }
    }

    /** Source Image Evidence Sequence: the hierarchical reference to every instance named in Source Image Sequences. */
    private static void sourceImageEvidence(AttributeList list, Derivation d) throws DicomException {
        AttributeList sop = new AttributeList();
        AttributeEdits.putUid(sop, TagFromName.ReferencedSOPClassUID, d.sourceSopClassUid());
        AttributeEdits.putUid(sop, TagFromName.ReferencedSOPInstanceUID, d.sourceSopInstanceUid());
        AttributeList series = new AttributeList();
        AttributeEdits.putUid(series, TagFromName.SeriesInstanceUID, d.sourceSeriesUid());
        AttributeEdits.putSequence(series, TagFromName.ReferencedSOPSequence, sop);
        AttributeList study = new AttributeList();
        AttributeEdits.putUid(study, TagFromName.StudyInstanceUID, d.studyUid());
        AttributeEdits.putSequence(study, TagFromName.ReferencedSeriesSequence, series);
        AttributeEdits.putSequence(list, SOURCE_IMAGE_EVIDENCE_SEQUENCE, study);
    }

    /**
     * Common Instance Reference module (PS3.3 C.12.2): instances of this study referenced from this object, by
     * series. The source's series gains the source instance (once), next to what the source referenced. Written for
     * enhanced objects (their Derivation Image functional group references the source) and where the source already
     * had the module; the single-frame CT and MR IODs do not include it, and the Related Series Sequence already
     * names the source series for every IOD.
     */
    private static void commonInstanceReference(AttributeList list, Derivation d) throws DicomException {
        SequenceAttribute seriesSequence = AttributeEdits.sequence(list, TagFromName.ReferencedSeriesSequence);
        AttributeList seriesItem = null;
        for (AttributeList item : AttributeEdits.items(list, TagFromName.ReferencedSeriesSequence)) {
            if (d.sourceSeriesUid().equals(AttributeEdits.uid(item, TagFromName.SeriesInstanceUID))) {
                seriesItem = item;
            }
        }
        if (seriesItem == null) {
            seriesItem = new AttributeList();
            AttributeEdits.putUid(seriesItem, TagFromName.SeriesInstanceUID, d.sourceSeriesUid());
            seriesSequence.addItem(seriesItem);
        }
        for (AttributeList instance : AttributeEdits.items(seriesItem, TagFromName.ReferencedInstanceSequence)) {
            if (d.sourceSopInstanceUid().equals(AttributeEdits.uid(instance, TagFromName.ReferencedSOPInstanceUID))) {
                return;
            }
        }
        AttributeList instance = new AttributeList();
        AttributeEdits.putUid(instance, TagFromName.ReferencedSOPClassUID, d.sourceSopClassUid());
        AttributeEdits.putUid(instance, TagFromName.ReferencedSOPInstanceUID, d.sourceSopInstanceUid());
        AttributeEdits.sequence(seriesItem, TagFromName.ReferencedInstanceSequence)
                .addItem(instance);
    }
}
