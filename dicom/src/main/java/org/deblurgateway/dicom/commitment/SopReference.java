package org.deblurgateway.dicom.commitment;

/** One item of a Referenced SOP Sequence: an instance by its SOP Class and SOP Instance UID. */
public record SopReference(String sopClassUid, String sopInstanceUid) {}
