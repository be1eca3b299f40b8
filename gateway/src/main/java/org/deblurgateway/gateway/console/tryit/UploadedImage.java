package org.deblurgateway.gateway.console.tryit;

import org.deblurgateway.model.image.Frame;

/**
 * An uploaded image decoded for the network.
 *
 * @param kind   PNG, JPEG or DICOM
 * @param frame  the frame deblurred (frame 1 of a multi-frame DICOM object)
 * @param invert MONOCHROME1: the network sees it inverted, as the pipeline does
 * @param note   what the page should say about the input (frames not used, photometric), or ""
 */
public record UploadedImage(String kind, Frame frame, boolean invert, String note) {}
