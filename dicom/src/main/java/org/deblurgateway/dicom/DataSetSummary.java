package org.deblurgateway.dicom;

/**
 * The attributes of a received object that routing needs, read once at C-STORE time so later stages never
 * re-read the file. Empty strings stand for absent attributes. Patient ID, Patient's Name and Accession Number are
 * for the operations console's search only: never log them at INFO.
 */
public record DataSetSummary(
        String sopClassUid,
        String sopInstanceUid,
        String studyInstanceUid,
        String seriesInstanceUid,
        String transferSyntaxUid,
        String modality,
        String bodyPartExamined,
        String seriesDescription,
        String studyDescription,
        String patientId,
        String patientName,
        String accessionNumber) {}
