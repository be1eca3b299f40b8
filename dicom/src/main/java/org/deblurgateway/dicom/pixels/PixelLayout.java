package org.deblurgateway.dicom.pixels;

/**
 * How decoded frames of an instance are laid out, and what a derived instance written from them must say.
 *
 * @param photometric   what the decoded frames hold: MONOCHROME1, MONOCHROME2 (1 channel) or RGB (3 channels;
 *                      YBR_* sources are converted to RGB)
 * @param rows          rows of every frame
 * @param columns       columns of every frame
 * @param frameCount    number of frames (1 for single-frame objects)
 * @param bitsAllocated 8 or 16, as in the source
 * @param bitsStored    as in the source (1..16); frame samples lie in the stored range
 * @param signed        Pixel Representation 1
 * @param sourceLossy   the source was lossy compressed (lossy transfer syntax, or Lossy Image Compression "01")
 * @param decodedWith   what decoded the pixel data ("native" for uncompressed, else the codec or tool), for logs
 */
public record PixelLayout(
        String photometric,
        int rows,
        int columns,
        int frameCount,
        int bitsAllocated,
        int bitsStored,
        boolean signed,
        boolean sourceLossy,
        String decodedWith) {

    public int channels() {
        return "RGB".equals(photometric) ? 3 : 1;
    }

    public long framePixels() {
        return (long) rows * columns;
    }
}
