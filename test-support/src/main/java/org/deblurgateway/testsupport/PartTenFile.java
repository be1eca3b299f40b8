package org.deblurgateway.testsupport;

import java.nio.file.Path;

/** A DICOM file as a sender must propose it: its SOP class with its own transfer syntax. */
public interface PartTenFile {

    Path path();

    String sopClassUid();

    String transferSyntaxUid();
}
