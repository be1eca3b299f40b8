package org.deblurgateway.dicom.derived;

import java.nio.file.Path;

/** A derived instance written to disk. */
public record DerivedInstance(String sopClassUid, String sopInstanceUid, String seriesInstanceUid, Path file) {}
