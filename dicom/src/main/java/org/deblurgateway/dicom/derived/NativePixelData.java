package org.deblurgateway.dicom.derived;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.IntegerStringAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.UnsignedShortAttribute;
import java.io.IOException;
import java.io.OutputStream;
import org.deblurgateway.dicom.pixels.FrameSupplier;
import org.deblurgateway.dicom.pixels.PixelLayout;
import org.deblurgateway.model.image.Frame;

/**
 * The derived frames as native (uncompressed) Explicit VR Little Endian pixel data, written frame by frame so a long
 * multi-frame object is never held whole, together with the Image Pixel attributes that describe them.
 */
final class NativePixelData {

    /** Largest defined length a data element can have (0xFFFFFFFF means undefined length). */
    private static final long MAX_LENGTH = 0xFFFFFFFEL;

    private final PixelLayout layout;
    private final int bytesPerSample;
    private final int min;
    private final int max;

    NativePixelData(PixelLayout layout) {
        if (layout.bitsAllocated() != 8 && layout.bitsAllocated() != 16) {
            throw new IllegalArgumentException("bits allocated must be 8 or 16, not " + layout.bitsAllocated());
        }
        if (layout.bitsStored() < 1 || layout.bitsStored() > layout.bitsAllocated()) {
            throw new IllegalArgumentException("bits stored " + layout.bitsStored() + " does not fit in "
                    + layout.bitsAllocated() + " bits allocated");
        }
        if (!"MONOCHROME1".equals(layout.photometric())
                && !"MONOCHROME2".equals(layout.photometric())
                && !"RGB".equals(layout.photometric())) {
            throw new IllegalArgumentException(
                    "derived frames are MONOCHROME1, MONOCHROME2 or RGB, not " + layout.photometric());
        }
        this.layout = layout;
        this.bytesPerSample = layout.bitsAllocated() / 8;
        int bits = layout.bitsStored();
        this.min = layout.signed() ? -(1 << (bits - 1)) : 0;
        this.max = layout.signed() ? (1 << (bits - 1)) - 1 : (1 << bits) - 1;
    }

    /** Value length of the pixel data: every sample of every frame, padded to even length. */
    long valueLength() {
        long bytes = layout.framePixels() * layout.channels() * layout.frameCount() * bytesPerSample;
        return bytes + (bytes & 1);
    }

    /** Sets the Image Pixel attributes (and Number of Frames where the object has it) to describe the frames. */
    void describe(AttributeList list) throws DicomException {
        putUnsignedShort(list, TagFromName.SamplesPerPixel, layout.channels());
        AttributeEdits.putCodeString(list, TagFromName.PhotometricInterpretation, layout.photometric());
        putUnsignedShort(list, TagFromName.Rows, layout.rows());
        putUnsignedShort(list, TagFromName.Columns, layout.columns());
        putUnsignedShort(list, TagFromName.BitsAllocated, layout.bitsAllocated());
        putUnsignedShort(list, TagFromName.BitsStored, layout.bitsStored());
        putUnsignedShort(list, TagFromName.HighBit, layout.bitsStored() - 1);
        putUnsignedShort(list, TagFromName.PixelRepresentation, layout.signed() ? 1 : 0);
        if (layout.channels() == 3) {
            putUnsignedShort(list, TagFromName.PlanarConfiguration, 0); // frames are interleaved (y, x, c)
        } else {
            list.remove(TagFromName.PlanarConfiguration);
        }
        if (list.get(TagFromName.NumberOfFrames) != null || layout.frameCount() > 1) {
            IntegerStringAttribute frames = new IntegerStringAttribute(TagFromName.NumberOfFrames);
            frames.addValue(layout.frameCount());
            list.put(frames);
        }
    }

    /** Checks the sizes before anything is written, so a mismatch never leaves a half-written file. */
    void checkFits(FrameSupplier frames) {
        if (frames.frameCount() != layout.frameCount()) {
            throw new IllegalArgumentException(
                    "layout says " + layout.frameCount() + " frames, supplier has " + frames.frameCount());
        }
        if (valueLength() > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "pixel data of " + valueLength() + " bytes is too large for one native Pixel Data element");
        }
    }

    /** Writes the whole Pixel Data (7FE0,0010) element: header, then each frame's samples clamped to the range. */
    void write(OutputStream out, FrameSupplier frames) throws IOException {
        long length = valueLength();
        byte[] header = {
            (byte) 0xE0,
            0x7F,
            0x10,
            0x00,
            'O',
            bytesPerSample == 1 ? (byte) 'B' : (byte) 'W',
            0,
            0,
            (byte) length,
            (byte) (length >>> 8),
            (byte) (length >>> 16),
            (byte) (length >>> 24)
        };
        out.write(header);
        long written = 0;
        for (int i = 0; i < layout.frameCount(); i++) {
            Frame frame = frames.frame(i);
            check(frame, i);
            byte[] bytes = encode(frame.samples());
            out.write(bytes);
            written += bytes.length;
        }
        if (written < length) {
            out.write(0); // odd number of 8-bit samples: pad to even length
        }
    }

    private void check(Frame frame, int index) {
        if (frame.width() != layout.columns()
                || frame.height() != layout.rows()
                || frame.channels() != layout.channels()) {
            throw new IllegalArgumentException("frame " + index + " is " + frame.width() + "x" + frame.height() + "x"
                    + frame.channels() + ", layout says " + layout.columns() + "x" + layout.rows() + "x"
                    + layout.channels());
        }
    }

    private byte[] encode(int[] samples) {
        byte[] bytes = new byte[samples.length * bytesPerSample];
        if (bytesPerSample == 1) {
            for (int i = 0; i < samples.length; i++) {
                bytes[i] = (byte) clamp(samples[i]);
            }
        } else {
            // Signed values go out as 16-bit two's complement, sign-extended above the high bit, so readers that
            // mask to Bits Stored and readers that do not both see the same value.
            for (int i = 0, j = 0; i < samples.length; i++, j += 2) {
                int v = clamp(samples[i]);
                bytes[j] = (byte) v;
                bytes[j + 1] = (byte) (v >> 8);
            }
        }
        return bytes;
    }

    private int clamp(int v) {
        return v < min ? min : Math.min(v, max);
    }

    private static void putUnsignedShort(AttributeList list, AttributeTag tag, int value) throws DicomException {
        UnsignedShortAttribute a = new UnsignedShortAttribute(tag);
        a.addValue(value);
        list.put(a);
    }
}
