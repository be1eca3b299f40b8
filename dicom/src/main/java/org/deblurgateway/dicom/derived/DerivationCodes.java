package org.deblurgateway.dicom.derived;

/** The coded concepts a derived instance carries, all from the DICOM "DCM" coding scheme (PS3.16). */
final class DerivationCodes {

    /** A coded entry: Code Value, Coding Scheme Designator, Code Meaning. */
    record Code(String value, String scheme, String meaning) {}

    /**
     * Derivation Code Sequence (0008,9215), from CID 7203 "Image Derivation". The context group has no code for
     * deblurring, deconvolution or "image processing" in general; its filtering codes are Smoothing (113087),
     * Gaussian blur (113088), Unsharp mask (113089) and Edge enhancement (113086). Removing motion blur restores
     * the sharpness of edges, which is what Edge enhancement names, while Unsharp mask would claim one specific
     * classical algorithm the network does not run, and Smoothing / Gaussian blur say the opposite. The free text
     * of Derivation Description says exactly what ran.
     */
    static final Code EDGE_ENHANCEMENT = new Code("113086", "DCM", "Edge enhancement");

    /** Purpose of Reference of the Source Image Sequence item (CID 7202). */
    static final Code SOURCE_IMAGE = new Code("121322", "DCM", "Source image for image processing operation");

    /** Purpose of Reference of the Related Series Sequence item (CID 7210). */
    static final Code SOURCE_SERIES = new Code("121323", "DCM", "Source series for image processing operation");

    /** Purpose of Reference of the Contributing Equipment Sequence item (CID 7005). */
    static final Code PROCESSING_EQUIPMENT = new Code("109102", "DCM", "Processing Equipment");

    private DerivationCodes() {}
}
