package org.deblurgateway.routes.messages;

import java.util.Map;
import org.deblurgateway.dicom.DataSetSummary;
import org.deblurgateway.routes.rules.ObjectAttributes;

/**
 * What the ingest and outbound messages say about their object, read at C-STORE time so routing never re-reads the
 * file; {@code rule} and {@code action} are added by the rules step. Any field may be null (absent).
 *
 * @param receivedAt epoch milliseconds at which the gateway committed the object
 */
public record ObjectDescription(
        String callingAeTitle,
        String calledAeTitle,
        String sopClassUid,
        String sopInstanceUid,
        String studyInstanceUid,
        String seriesInstanceUid,
        String transferSyntaxUid,
        String modality,
        String bodyPartExamined,
        String seriesDescription,
        String studyDescription,
        Long receivedAt,
        String rule,
        String action) {

    /** A received object, as the listener announces it (no rule yet). */
    public static ObjectDescription received(
            String callingAeTitle, String calledAeTitle, DataSetSummary s, long receivedAt) {
        return new ObjectDescription(
                callingAeTitle,
                calledAeTitle,
                s.sopClassUid(),
                s.sopInstanceUid(),
                s.studyInstanceUid(),
                s.seriesInstanceUid(),
                s.transferSyntaxUid(),
                s.modality(),
                s.bodyPartExamined(),
                s.seriesDescription(),
                s.studyDescription(),
                receivedAt,
                null,
                null);
    }

    /**
     * A derived instance the gateway wrote: its own UIDs, and the modality and rule of the job that made it (the job
     * keeps no more of its source), so a dead-lettered send of it still says what it is.
     */
    public static ObjectDescription derived(
            String sopClassUid, String sopInstanceUid, String seriesInstanceUid, String modality, String rule) {
        return new ObjectDescription(
                null,
                null,
                sopClassUid,
                sopInstanceUid,
                null,
                seriesInstanceUid,
                null,
                blankToNull(modality),
                null,
                null,
                null,
                null,
                rule,
                rule == null ? null : "deblur");
    }

    /** The original of a job whose network failed: only the job's modality and rule are known. */
    public static ObjectDescription originalOfJob(String modality, String rule) {
        return derived(null, null, null, modality, rule);
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    /** The same object after the rules step chose {@code rule} with its {@code action}. */
    public ObjectDescription matched(String ruleName, String ruleAction) {
        return new ObjectDescription(
                callingAeTitle,
                calledAeTitle,
                sopClassUid,
                sopInstanceUid,
                studyInstanceUid,
                seriesInstanceUid,
                transferSyntaxUid,
                modality,
                bodyPartExamined,
                seriesDescription,
                studyDescription,
                receivedAt,
                ruleName,
                ruleAction);
    }

    /** The attributes routing rules match on. */
    public ObjectAttributes attributes() {
        return new ObjectAttributes(
                callingAeTitle,
                calledAeTitle,
                modality,
                sopClassUid,
                bodyPartExamined,
                seriesDescription,
                studyDescription);
    }

    void encode(Map<String, Object> headers) {
        HeaderValues.put(headers, ObjectHeaders.CALLING_AE, callingAeTitle);
        HeaderValues.put(headers, ObjectHeaders.CALLED_AE, calledAeTitle);
        HeaderValues.put(headers, ObjectHeaders.SOP_CLASS_UID, sopClassUid);
        HeaderValues.put(headers, ObjectHeaders.SOP_INSTANCE_UID, sopInstanceUid);
        HeaderValues.put(headers, ObjectHeaders.STUDY_INSTANCE_UID, studyInstanceUid);
        HeaderValues.put(headers, ObjectHeaders.SERIES_INSTANCE_UID, seriesInstanceUid);
        HeaderValues.put(headers, ObjectHeaders.TRANSFER_SYNTAX_UID, transferSyntaxUid);
        HeaderValues.put(headers, ObjectHeaders.MODALITY, modality);
        HeaderValues.put(headers, ObjectHeaders.BODY_PART, bodyPartExamined);
        HeaderValues.put(headers, ObjectHeaders.SERIES_DESCRIPTION, seriesDescription);
        HeaderValues.put(headers, ObjectHeaders.STUDY_DESCRIPTION, studyDescription);
        HeaderValues.put(headers, ObjectHeaders.RECEIVED_AT, receivedAt);
        HeaderValues.put(headers, ObjectHeaders.RULE, rule);
        HeaderValues.put(headers, ObjectHeaders.ACTION, action);
    }

    static ObjectDescription decode(Map<String, ?> headers) {
        return new ObjectDescription(
                HeaderValues.text(headers, ObjectHeaders.CALLING_AE),
                HeaderValues.text(headers, ObjectHeaders.CALLED_AE),
                HeaderValues.text(headers, ObjectHeaders.SOP_CLASS_UID),
                HeaderValues.text(headers, ObjectHeaders.SOP_INSTANCE_UID),
                HeaderValues.text(headers, ObjectHeaders.STUDY_INSTANCE_UID),
                HeaderValues.text(headers, ObjectHeaders.SERIES_INSTANCE_UID),
                HeaderValues.text(headers, ObjectHeaders.TRANSFER_SYNTAX_UID),
                HeaderValues.text(headers, ObjectHeaders.MODALITY),
                HeaderValues.text(headers, ObjectHeaders.BODY_PART),
                HeaderValues.text(headers, ObjectHeaders.SERIES_DESCRIPTION),
                HeaderValues.text(headers, ObjectHeaders.STUDY_DESCRIPTION),
                receivedAt(headers),
                HeaderValues.text(headers, ObjectHeaders.RULE),
                HeaderValues.text(headers, ObjectHeaders.ACTION));
    }

    /** Unreadable is absent: the time is for information only and must not make a message unroutable. */
    private static Long receivedAt(Map<String, ?> headers) {
        try {
            return HeaderValues.optionalLong(headers, ObjectHeaders.RECEIVED_AT);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
