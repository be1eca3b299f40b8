package org.deblurgateway.routes.rules;

/**
 * The attributes of a received object that routing rules can match on; null where the object or association has none.
 */
public record ObjectAttributes(
        String callingAeTitle,
        String calledAeTitle,
        String modality,
        String sopClassUid,
        String bodyPartExamined,
        String seriesDescription,
        String studyDescription) {}
