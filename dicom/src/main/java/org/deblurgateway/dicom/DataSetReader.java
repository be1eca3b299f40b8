package org.deblurgateway.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.TagFromName;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * Reads back a data set the gateway has just written (after its file meta header): checks its structure end
 * to end and extracts the {@link DataSetSummary} from the attributes before pixel data.
 */
public final class DataSetReader {

    private static final int BUFFER = 64 * 1024;

    private DataSetReader() {
    }

    /**
     * @param file           the object file
     * @param dataSetOffset  where the data set starts (after preamble and file meta header)
     * @param transferSyntax the transfer syntax the data set is encoded in
     */
    public static DataSetSummary read(Path file, long dataSetOffset, String transferSyntax)
            throws MalformedDataSetException, IOException {
        TransferSyntaxes.Encoding encoding = TransferSyntaxes.encodingOf(transferSyntax);
        try (InputStream in = open(file, dataSetOffset, encoding)) {
            DataSetStructure.check(in, encoding);
        }
        AttributeList list = new AttributeList();
        try (InputStream in = open(file, dataSetOffset, encoding)) {
            String readAs = switch (encoding) {
                case IMPLICIT_LITTLE -> TransferSyntaxes.IMPLICIT_VR_LITTLE_ENDIAN;
                case EXPLICIT_BIG -> TransferSyntaxes.EXPLICIT_VR_BIG_ENDIAN;
                default -> TransferSyntaxes.EXPLICIT_VR_LITTLE_ENDIAN;
            };
            DicomInputStream dicom = new DicomInputStream(in, readAs, false);
            // Everything routing needs sits in groups 0008-0028; stop before bulk data such as pixel data.
            list.read(dicom, (l, tag, offset) -> l == list && isAfterSummaryTags(tag));
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

    private static boolean isAfterSummaryTags(AttributeTag tag) {
        return tag.getGroup() > 0x0028;
    }

    /**
     * The counts that say how big the pixel data is must be numbers, and come in pairs: an object whose frame count
     * reads "1A" or that has Columns without Rows would be stored now and break every reader later, so it is refused
     * at the door.
     */
    private static void checkImagePixelCounts(AttributeList list) throws MalformedDataSetException {
        AttributeTag[] counts = {TagFromName.NumberOfFrames, TagFromName.Rows, TagFromName.Columns,
            TagFromName.BitsAllocated, TagFromName.BitsStored, TagFromName.SamplesPerPixel};
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

    private static InputStream open(Path file, long offset, TransferSyntaxes.Encoding encoding) throws IOException {
        InputStream raw = Files.newInputStream(file);
        try {
            raw.skipNBytes(offset);
        } catch (IOException e) {
            raw.close();
            throw e;
        }
        InputStream buffered = new BufferedInputStream(raw, BUFFER);
        if (encoding == TransferSyntaxes.Encoding.DEFLATED_EXPLICIT_LITTLE) {
            // Deflated data sets are raw deflate (no zlib header), PS3.5 A.5.
            Inflater inflater = new Inflater(true);
            return new InflaterInputStream(buffered, inflater, BUFFER) {
                @Override
                public void close() throws IOException {
                    try {
                        super.close();
                    } finally {
                        inflater.end();
                    }
                }
            };
        }
        return buffered;
    }

    private static String uid(AttributeList list, AttributeTag tag) {
        return DicomUids.trimPadding(text(list, tag));
    }

    private static String text(AttributeList list, AttributeTag tag) {
        Attribute a = list.get(tag);
        return a == null ? "" : a.getSingleStringValueOrEmptyString().trim();
    }
}
