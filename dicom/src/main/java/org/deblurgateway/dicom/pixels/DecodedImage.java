package org.deblurgateway.dicom.pixels;

/** An object whose frames can go through the network. */
public record DecodedImage(PixelLayout layout, FrameSupplier frames) implements PixelDecoding {}
