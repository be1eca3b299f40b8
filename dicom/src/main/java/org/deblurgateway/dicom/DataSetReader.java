package org.deblurgateway.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.TagFromName;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Set;

/**
 * Reads back a data set the gateway has just written (after its file meta header) in one streaming pass: checks its
 * structure end to end and extracts the {@link DataSetSummary}. Only the summary's own top-level attributes are kept
 * in memory (each at most 64 KiB); private groups, sequences and bulk data are skipped as they stream past, and the
 * bytes the decoder yields are capped by a {@link DataSetLimit}, so neither a huge value nor a deflate bomb can fill
 * the heap.
 */
public final class DataSetReader {

    /** Everything the summary and the pixel count checks read, plus the character set its texts are in. */
    private static final Set<Integer> SUMMARY_TAGS = Set.of(
            tag(TagFromName.SpecificCharacterSet),
            tag(TagFromName.SOPClassUID),
            tag(TagFromName.SOPInstanceUID),
            tag(TagFromName.StudyInstanceUID),
            tag(TagFromName.SeriesInstanceUID),
            tag(TagFromName.Modality),
            tag(TagFromName.BodyPartExamined),
            tag(TagFromName.SeriesDescription),
            tag(TagFromName.StudyDescription),
            tag(TagFromName.PatientID),
            tag(TagFromName.PatientName),
            tag(TagFromName.AccessionNumber),
            tag(TagFromName.NumberOfFrames),
            tag(TagFromName.Rows),
            tag(TagFromName.Columns),
            tag(TagFromName.BitsAllocated),
            tag(TagFromName.BitsStored),
            tag(TagFromName.SamplesPerPixel));

    private DataSetReader() {}

    /** As {@link #read(Path, long, String, DataSetLimit)} with {@link DataSetLimit#DEFAULT}. */
    public static DataSetSummary read(Path file, long dataSetOffset, String transferSyntax)
            throws MalformedDataSetException, IOException {
        return read(file, dataSetOffset, transferSyntax, DataSetLimit.DEFAULT);
    }

    /**
     * @param file           the object file
     * @param dataSetOffset  where the data set starts (after preamble and file meta header)
     * @param transferSyntax the transfer syntax the data set is encoded in
     * @param limit          the largest data set taken, counted after inflation for deflated syntaxes
     * @throws ObjectTooLargeException   when the data set is larger than {@code limit}
     * @throws MalformedDataSetException when it is truncated, garbage, or a summary attribute is unreadable
     */
    public static DataSetSummary read(Path file, long dataSetOffset, String transferSyntax, DataSetLimit limit)
            throws MalformedDataSetException, IOException {
        TransferSyntaxes.Encoding encoding = TransferSyntaxes.encodingOf(transferSyntax);
        ByteArrayOutputStream kept = new ByteArrayOutputStream(4096);
        try (InputStream in = DataSetStreams.open(file, dataSetOffset, encoding)) {
            DataSetStructure.check(limit.bound(in), encoding, SUMMARY_TAGS::contains, kept);
        }
        AttributeList list = new AttributeList();
        // The kept elements are as the data set encoded them (inflated already for deflate).
        String readAs = switch (encoding) {
            case IMPLICIT_LITTLE -> TransferSyntaxes.IMPLICIT_VR_LITTLE_ENDIAN;
            case EXPLICIT_BIG -> TransferSyntaxes.EXPLICIT_VR_BIG_ENDIAN;
            default -> TransferSyntaxes.EXPLICIT_VR_LITTLE_ENDIAN;
        };
        try (DicomInputStream dicom =
                new DicomInputStream(new ByteArrayInputStream(kept.toByteArray()), readAs, false)) {
            list.read(dicom);
        } catch (DicomException | RuntimeException e) {
            throw new MalformedDataSetException("data set cannot be parsed: " + e.getMessage(), e);
        }
        checkImagePixelCounts(list);
        return new DataSetSummary(
                uid(list, TagFromName.SOPClassUID),
                uid(list, TagFromName.SOPInstanceUID),
                uid(list, TagFromName.StudyInstanceUID),
                uid(list, TagFromName.SeriesInstanceUID),
                transferSyntax,
                text(list, TagFromName.Modality),
                text(list, TagFromName.BodyPartExamined),
                text(list, TagFromName.SeriesDescription),
                text(list, TagFromName.StudyDescription),
                text(list, TagFromName.PatientID),
                text(list, TagFromName.PatientName),
                text(list, TagFromName.AccessionNumber));
    }

    private static int tag(AttributeTag tag) {
        return (tag.getGroup() << 16) | tag.getElement();
    }

    /**
     * The counts that say how big the pixel data is must be numbers, and come in pairs: an object whose frame count
     * reads "1A" or that has Columns without Rows would be stored now and break every reader later, so it is refused
     * at the door.
     */
    private static void checkImagePixelCounts(AttributeList list) throws MalformedDataSetException {
        AttributeTag[] counts = {
            TagFromName.NumberOfFrames,
            TagFromName.Rows,
            TagFromName.Columns,
            TagFromName.BitsAllocated,
            TagFromName.BitsStored,
            TagFromName.SamplesPerPixel
        };
        for (AttributeTag tag : counts) {
            Attribute a = list.get(tag);
            if (a == null || a.getVM() == 0) {
                continue;
            }
            String value = a.getSingleStringValueOrEmptyString().trim();
            if (!value.matches("\\+?[0-9]{1,10}") || Long.parseLong(value.replace("+", "")) <= 0) {
                throw new MalformedDataSetException("attribute " + tag + " is not a positive integer: '" + value + "'");
            }
        }
        boolean rows = present(list, TagFromName.Rows);
        boolean columns = present(list, TagFromName.Columns);
        if (rows != columns) {
            throw new MalformedDataSetException("Rows and Columns must both be present or both absent");
        }
    }

    private static boolean present(AttributeList list, AttributeTag tag) {
        Attribute a = list.get(tag);
        return a != null && a.getVM() > 0;
    }

    private static String uid(AttributeList list, AttributeTag tag) {
        return DicomUids.trimPadding(text(list, tag));
    }

    private static String text(AttributeList list, AttributeTag tag) {
        Attribute a = list.get(tag);
        return a == null ? "" : a.getSingleStringValueOrEmptyString().trim();
    }
}
