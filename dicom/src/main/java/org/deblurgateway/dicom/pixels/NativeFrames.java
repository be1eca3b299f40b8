package org.deblurgateway.dicom.pixels;

import org.deblurgateway.model.image.Frame;

/**
 * The frames of an object whose pixel cells are in memory (native pixel data, or what a decoder wrote out): each
 * {@link #frame} call builds that frame's int samples from the shared cells, applying planar order, the stored-bit
 * coding and, for YBR_FULL / YBR_FULL_422 data, the conversion to RGB.
 */
final class NativeFrames implements FrameSupplier {

    /** How the cells of a pixel become the frame's samples. */
    private enum Colour {
        /** Grey, RGB, and the RGB a JPEG 2000 decoder outputs for YBR_RCT / YBR_ICT. */
        AS_STORED,
        /** Three samples per pixel, Y Cb Cr. */
        YBR_FULL,
        /** Two pixels share chroma: Y1 Y2 Cb Cr per pair, colour-by-pixel only (PS3.3 C.7.6.3.1.2). */
        YBR_FULL_422
    }

    private final PixelCells cells;
    private final ImagePixelModule module;
    private final SampleCoding coding;
    private final Colour colour;
    private final int cellsPerFrame;
    /** What the frames say about their sample range (may be narrower than the cells' coding: see relabelled). */
    private final int frameBitsStored;

    private NativeFrames(
            PixelCells cells, ImagePixelModule module, Colour colour, int cellsPerFrame, int frameBitsStored) {
        this.cells = cells;
        this.module = module;
        this.coding = SampleCoding.of(module);
        this.colour = colour;
        this.cellsPerFrame = cellsPerFrame;
        this.frameBitsStored = frameBitsStored;
    }

    /**
     * @param cells  the pixel cells, holding at least every frame's cells
     * @param module the layout of the cells (photometric as the cells hold it)
     * @throws NotDecodableException the cells are too few, or their colour layout is one the codec does not convert
     */
    static NativeFrames of(PixelCells cells, ImagePixelModule module) throws NotDecodableException {
        Colour colour = colourOf(module);
        long perFrame = colour == Colour.YBR_FULL_422
                ? module.framePixels() * 2
                : module.framePixels() * module.samplesPerPixel();
        long needed = perFrame * module.frames();
        if (needed > Integer.MAX_VALUE) {
            throw ImagePixelModule.unsupported("pixel data of " + needed + " samples is too large for one array");
        }
        if (cells.count() < needed) {
            throw ImagePixelModule.unsupported("pixel data holds " + cells.count() + " samples of "
                    + module.bitsAllocated() + " bits; " + module.frames() + " frame(s) of " + module.rows() + "x"
                    + module.columns() + " " + module.photometric() + " need " + needed);
        }
        return new NativeFrames(cells, module, colour, (int) perFrame, module.bitsStored());
    }

    /**
     * The same frames declared with {@code bitsStored} bits when every sample fits in that range, else null. A
     * decoder may report the codestream's precision (gdcm writes Bits Stored 16 for a JPEG 2000 stream of 12-bit
     * values): the object's own Bits Stored is what the derived image should keep, as long as no value is lost.
     */
    NativeFrames relabelled(int bitsStored) {
        if (colour != Colour.AS_STORED || bitsStored < 1 || bitsStored > 16) {
            return null;
        }
        int min = module.signed() ? -(1 << (bitsStored - 1)) : 0;
        int max = module.signed() ? (1 << (bitsStored - 1)) - 1 : (1 << bitsStored) - 1;
        int used = cellsPerFrame * module.frames();
        for (int i = 0; i < used; i++) {
            int value = coding.decode(cells.cell(i));
            if (value < min || value > max) {
                return null;
            }
        }
        return new NativeFrames(cells, module, colour, cellsPerFrame, bitsStored);
    }

    int bitsStored() {
        return frameBitsStored;
    }

    private static Colour colourOf(ImagePixelModule module) throws NotDecodableException {
        String photometric = module.photometric();
        if (!module.isYbrFull()) {
            return Colour.AS_STORED;
        }
        if (module.bitsAllocated() != 8 || module.bitsStored() != 8 || module.signed()) {
            throw ImagePixelModule.unsupported(photometric + " with " + module.bitsStored() + " of "
                    + module.bitsAllocated() + " bits" + (module.signed() ? ", signed" : "")
                    + " (colour conversion handles 8-bit unsigned)");
        }
        if (ImagePixelModule.YBR_FULL.equals(photometric)) {
            return Colour.YBR_FULL;
        }
        if (module.planarConfiguration() != 0 || module.columns() % 2 != 0) {
            throw ImagePixelModule.unsupported("YBR_FULL_422 with planar configuration " + module.planarConfiguration()
                    + " and " + module.columns() + " columns");
        }
        return Colour.YBR_FULL_422;
    }

    @Override
    public int frameCount() {
        return module.frames();
    }

    @Override
    public Frame frame(int index) {
        if (index < 0 || index >= module.frames()) {
            throw new IndexOutOfBoundsException("frame " + index + " of " + module.frames());
        }
        int pixels = module.rows() * module.columns();
        int channels = module.samplesPerPixel();
        int[] samples = new int[pixels * channels];
        int base = index * cellsPerFrame;
        switch (colour) {
            case AS_STORED -> copyAsStored(base, pixels, channels, samples);
            case YBR_FULL -> convertYbrFull(base, pixels, samples);
            case YBR_FULL_422 -> convertYbrFull422(base, pixels, samples);
            default -> throw new IllegalStateException(colour.name());
        }
        return new Frame(module.columns(), module.rows(), channels, frameBitsStored, module.signed(), samples);
    }

    private void copyAsStored(int base, int pixels, int channels, int[] samples) {
        if (channels == 1 || module.planarConfiguration() == 0) {
            for (int i = 0; i < samples.length; i++) {
                samples[i] = coding.decode(cells.cell(base + i));
            }
            return;
        }
        for (int c = 0; c < channels; c++) {
            int plane = base + c * pixels;
            for (int p = 0; p < pixels; p++) {
                samples[p * channels + c] = coding.decode(cells.cell(plane + p));
            }
        }
    }

    private void convertYbrFull(int base, int pixels, int[] samples) {
        boolean byPlane = module.planarConfiguration() == 1;
        for (int p = 0; p < pixels; p++) {
            int y;
            int cb;
            int cr;
            if (byPlane) {
                y = cells.cell(base + p);
                cb = cells.cell(base + pixels + p);
                cr = cells.cell(base + 2 * pixels + p);
            } else {
                y = cells.cell(base + 3 * p);
                cb = cells.cell(base + 3 * p + 1);
                cr = cells.cell(base + 3 * p + 2);
            }
            YbrFullToRgb.convert(y, cb, cr, samples, 3 * p);
        }
    }

    private void convertYbrFull422(int base, int pixels, int[] samples) {
        for (int pair = 0; pair < pixels / 2; pair++) {
            int at = base + 4 * pair;
            int cb = cells.cell(at + 2);
            int cr = cells.cell(at + 3);
            YbrFullToRgb.convert(cells.cell(at), cb, cr, samples, 6 * pair);
            YbrFullToRgb.convert(cells.cell(at + 1), cb, cr, samples, 6 * pair + 3);
        }
    }
}
