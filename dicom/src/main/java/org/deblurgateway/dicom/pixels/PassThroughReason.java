package org.deblurgateway.dicom.pixels;

import java.util.Locale;

/** Why an object goes through unchanged; {@link #code()} is what logs and counters use. */
public enum PassThroughReason {
    /** SR, RT (plan, structure set, dose), PDF, waveforms (ECG), SEG, KOS, presentation states, ... */
    NON_IMAGE_SOP_CLASS,
    /** No Pixel Data (7FE0,0010) element. */
    NO_PIXEL_DATA,
    PALETTE_COLOUR,
    ONE_BIT,
    /** Float or Double Float Pixel Data. */
    FLOAT_PIXELS,
    /** Photometric interpretation, samples per pixel or bit layout the codec does not handle. */
    UNSUPPORTED_PIXEL_FORMAT,
    /** A frame (or the whole object) exceeds the configured pixel budget. */
    OVER_PIXEL_BUDGET,
    /** Compressed with a transfer syntax no available decoder handles, or the decoder failed. */
    UNDECODABLE_TRANSFER_SYNTAX;

    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
