package org.deblurgateway.dicom.scu;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.TagFromName;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.deblurgateway.dicom.TransferSyntaxes;
import org.deblurgateway.dicom.net.PresentationContextProposal;

/**
 * The meta information of a stored Part 10 file that decides what is offered and how it is sent.
 *
 * @param dataSetOffset where the data set starts in the file (after the meta information)
 * @param problem       why the file cannot be sent; null when it can
 */
record StoredObject(
        Path file,
        String sopClassUid,
        String sopInstanceUid,
        String transferSyntaxUid,
        long dataSetOffset,
        String problem) {

    /** 128-byte preamble + "DICM" + the (0002,0000) element itself (tag 4, VR 2, length 2, value 4). */
    private static final int META_BYTES_BEFORE_GROUP = 128 + 4 + 12;

    static StoredObject read(Path file) throws IOException, DicomException {
        try (DicomInputStream in = new DicomInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (!in.haveMetaHeader()) {
                return new StoredObject(file, null, null, null, 0, "no DICOM file meta information (Part 10)");
            }
            AttributeList meta = new AttributeList();
            meta.readOnlyMetaInformationHeader(in);
            String sopClass = Attribute.getSingleStringValueOrNull(meta, TagFromName.MediaStorageSOPClassUID);
            String sopInstance = Attribute.getSingleStringValueOrNull(meta, TagFromName.MediaStorageSOPInstanceUID);
            String syntax = Attribute.getSingleStringValueOrNull(meta, TagFromName.TransferSyntaxUID);
            long groupLength =
                    Attribute.getSingleLongValueOrDefault(meta, TagFromName.FileMetaInformationGroupLength, -1);
            String problem = null;
            if (sopClass == null || sopClass.isBlank()) {
                problem = "no Media Storage SOP Class UID in the meta information";
            } else if (sopInstance == null || sopInstance.isBlank()) {
                problem = "no Media Storage SOP Instance UID in the meta information";
            } else if (syntax == null || syntax.isBlank()) {
                problem = "no Transfer Syntax UID in the meta information";
            } else if (groupLength <= 0) {
                problem = "no File Meta Information Group Length";
            }
            return new StoredObject(
                    file,
                    trim(sopClass),
                    trim(sopInstance),
                    trim(syntax),
                    META_BYTES_BEFORE_GROUP + groupLength,
                    problem);
        }
    }

    private static String trim(String uid) {
        return uid == null ? null : uid.trim();
    }

    /** True when the data set may be converted to the other uncompressed syntaxes on the fly. */
    boolean uncompressed() {
        return TransferSyntaxes.isUncompressed(transferSyntaxUid);
    }

    /** Its own syntax; an uncompressed object also explicit and implicit VR little endian (no transcoding else). */
    List<String> offeredSyntaxes() {
        List<String> syntaxes = new ArrayList<>();
        syntaxes.add(transferSyntaxUid);
        if (uncompressed()) {
            for (String extra :
                    List.of(TransferSyntaxes.EXPLICIT_VR_LITTLE_ENDIAN, TransferSyntaxes.IMPLICIT_VR_LITTLE_ENDIAN)) {
                if (!syntaxes.contains(extra)) {
                    syntaxes.add(extra);
                }
            }
        }
        return syntaxes;
    }

    /** One presentation context per offered syntax, own syntax first, so the peer can accept any of them. */
    List<PresentationContextProposal> presentationContexts() {
        List<PresentationContextProposal> contexts = new ArrayList<>();
        int id = 1;
        for (String syntax : offeredSyntaxes()) {
            contexts.add(new PresentationContextProposal(id, sopClassUid, List.of(syntax)));
            id += 2;
        }
        return List.copyOf(contexts);
    }
}
