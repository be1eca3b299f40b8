package org.deblurgateway.dicom.pixels;

import java.nio.file.Path;
import java.util.List;

/** Pixel decoders for tests outside this package: with the standard external decoders, or with none. */
public final class PixelDecoders {

    private PixelDecoders() {}

    /** Native pixel data only: every compressed object passes through without a tool being started. */
    public static PixelDecoder withoutExternalDecoders(PixelLimits limits, Path scratch) {
        return new PixelDecoder(limits, scratch, List.of());
    }
}
