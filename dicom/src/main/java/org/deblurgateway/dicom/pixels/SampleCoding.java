package org.deblurgateway.dicom.pixels;

/**
 * Where a sample's value sits in its cell (PS3.5 8.1.1): Bits Stored bits ending at High Bit, two's complement when
 * signed. Unused bits may hold anything (overlays, garbage, sign copies), so they are masked off, and signed values
 * are sign-extended from the stored width.
 */
record SampleCoding(int bitsStored, int highBit, boolean signed) {

    static SampleCoding of(ImagePixelModule module) {
        return new SampleCoding(module.bitsStored(), module.highBit(), module.signed());
    }

    int decode(int cell) {
        int value = (cell >>> (highBit + 1 - bitsStored)) & ((1 << bitsStored) - 1);
        if (signed && (value & (1 << (bitsStored - 1))) != 0) {
            return value - (1 << bitsStored);
        }
        return value;
    }
}
