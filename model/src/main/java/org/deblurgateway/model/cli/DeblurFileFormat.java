package org.deblurgateway.model.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.deblurgateway.model.inference.Deblurrer;

/**
 * A file format {@code deblur run} handles besides PNG and JPEG, supplied by another module through
 * {@link java.util.ServiceLoader} (the dicom module provides DICOM), so the model module needs to know no format.
 */
public interface DeblurFileFormat {

    /** True when {@code in} is a file of this format. */
    boolean accepts(Path in) throws IOException;

    /** Deblurs every frame of {@code in} into {@code out}; returns a one-line summary for the user. */
    String deblur(Path in, Path out, Deblurrer deblurrer) throws IOException;
}
