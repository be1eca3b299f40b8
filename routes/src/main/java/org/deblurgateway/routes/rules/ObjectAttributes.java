package org.deblurgateway.routes.rules;

import java.util.Map;
import org.deblurgateway.routes.ObjectHeaders;

/**
 * The attributes of a received object that routing rules can match on; null where the object or association has none.
 */
public record ObjectAttributes(String callingAeTitle, String calledAeTitle, String modality, String sopClassUid,
        String bodyPartExamined, String seriesDescription, String studyDescription) {

    /** Reads the attributes from message headers named by {@link ObjectHeaders}. */
    public static ObjectAttributes fromHeaders(Map<String, Object> headers) {
        return new ObjectAttributes(
                text(headers, ObjectHeaders.CALLING_AE),
                text(headers, ObjectHeaders.CALLED_AE),
                text(headers, ObjectHeaders.MODALITY),
                text(headers, ObjectHeaders.SOP_CLASS_UID),
                text(headers, ObjectHeaders.BODY_PART),
                text(headers, ObjectHeaders.SERIES_DESCRIPTION),
                text(headers, ObjectHeaders.STUDY_DESCRIPTION));
    }

    private static String text(Map<String, Object> headers, String name) {
        Object value = headers.get(name);
        return value == null ? null : value.toString();
    }
}
