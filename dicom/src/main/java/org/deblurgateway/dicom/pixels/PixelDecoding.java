package org.deblurgateway.dicom.pixels;

/** Outcome of decoding an object's pixel data: frames to deblur, or the reason it must pass through unchanged. */
public sealed interface PixelDecoding permits DecodedImage, PassThrough {}
