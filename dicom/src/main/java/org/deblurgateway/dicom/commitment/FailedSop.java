package org.deblurgateway.dicom.commitment;

/**
 * An instance that could not be committed, with its Failure Reason (PS3.4 J.3.3.1.1: 0x0110, 0x0112, ...).
 *
 * @param why the reason in words, for the log and the console only (the report carries the code)
 */
public record FailedSop(SopReference reference, int failureReason, String why) {}
