package org.deblurgateway.dicom.pixels;

/** An object the network must not touch: it is forwarded unchanged, and {@code reason} is logged and counted. */
public record PassThrough(PassThroughReason reason, String detail) implements PixelDecoding {

    @Override
    public String toString() {
        return reason.code() + " (" + detail + ")";
    }
}
