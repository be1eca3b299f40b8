package org.deblurgateway.dicom.pixels;

/**
 * Thrown inside the codec when an object turns out to need a pass-through; {@link PixelDecoder} turns it into the
 * {@link PassThrough} it carries. A checked exception so every step that can refuse says so in its signature.
 */
final class NotDecodableException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient PassThrough passThrough;

    NotDecodableException(PassThroughReason reason, String detail) {
        // No stack trace: this is an expected outcome, not an error, and it is thrown for many objects.
        super(reason.code() + ": " + detail, null, false, false);
        this.passThrough = new PassThrough(reason, detail);
    }

    PassThrough passThrough() {
        return passThrough;
    }

    String detail() {
        return passThrough.detail();
    }
}
