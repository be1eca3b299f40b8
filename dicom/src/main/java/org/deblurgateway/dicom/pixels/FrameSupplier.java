package org.deblurgateway.dicom.pixels;

import java.io.IOException;
import org.deblurgateway.model.image.Frame;

/** Frames of one instance, built one at a time so a long multi-frame object never holds every frame as ints. */
public interface FrameSupplier {

    int frameCount();

    /** Frame {@code index} (0-based, in the object's frame order). */
    Frame frame(int index) throws IOException;
}
