package org.deblurgateway.dicom.derived;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.TagFromName;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import org.deblurgateway.dicom.pixels.FrameSupplier;
import org.deblurgateway.dicom.pixels.PixelLayout;
import org.deblurgateway.model.image.Frame;

/** Layouts and frame suppliers the tests build themselves (independent of the pixel decoder). */
final class TestFrames {

    private static final Set<String> ALWAYS_LOSSY = Set.of(
            "1.2.840.10008.1.2.4.50",
            "1.2.840.10008.1.2.4.51",
            "1.2.840.10008.1.2.4.81",
            "1.2.840.10008.1.2.4.91",
            "1.2.840.10008.1.2.4.203");

    private TestFrames() {}

    /** The layout a decoder would report for {@code source}: YBR sources decode to RGB. */
    static PixelLayout layoutOf(Path source) throws IOException {
        AttributeList list = read(source, false);
        String photometric = string(list, TagFromName.PhotometricInterpretation);
        if (photometric.startsWith("YBR")) {
            photometric = "RGB";
        }
        String ts = string(list, TagFromName.TransferSyntaxUID);
        boolean lossy = ALWAYS_LOSSY.contains(ts) || "01".equals(string(list, TagFromName.LossyImageCompression));
        return new PixelLayout(
                photometric,
                integer(list, TagFromName.Rows, 0),
                integer(list, TagFromName.Columns, 0),
                integer(list, TagFromName.NumberOfFrames, 1),
                integer(list, TagFromName.BitsAllocated, 0),
                integer(list, TagFromName.BitsStored, 0),
                integer(list, TagFromName.PixelRepresentation, 0) == 1,
                lossy,
                "test");
    }

    /**
     * A deterministic pattern that runs 100 past both ends of the stored range, so the writer's clamping is
     * exercised; {@link #expected} gives what the file must hold.
     */
    static FrameSupplier pattern(PixelLayout layout) {
        return supplier(layout, index -> raw(layout, index));
    }

    static int[] raw(PixelLayout layout, int frame) {
        int n = (int) layout.framePixels() * layout.channels();
        int[] r = range(layout);
        int span = r[1] - r[0] + 201;
        int step = Math.max(37, span / n + 1); // spread over the whole range even in small frames
        int[] samples = new int[n];
        for (int i = 0; i < n; i++) {
            samples[i] = r[0] - 100 + Math.floorMod(i * step + frame * 101, span);
        }
        samples[0] = r[0] - 100;
        samples[n - 1] = r[1] + 100;
        return samples;
    }

    static int[] expected(PixelLayout layout, int frame) {
        int[] samples = raw(layout, frame);
        int[] r = range(layout);
        for (int i = 0; i < samples.length; i++) {
            samples[i] = Math.max(r[0], Math.min(r[1], samples[i]));
        }
        return samples;
    }

    static int[] range(PixelLayout layout) {
        int bits = layout.bitsStored();
        return layout.signed() ? new int[] {-(1 << (bits - 1)), (1 << (bits - 1)) - 1} : new int[] {0, (1 << bits) - 1};
    }

    /** The source's own frames, decoded by PixelMed: only for native (uncompressed) little endian sources. */
    static FrameSupplier decoded(Path source, PixelLayout layout) throws IOException {
        AttributeList list = read(source, true);
        Attribute pixelData = list.getPixelData();
        int planar = integer(list, TagFromName.PlanarConfiguration, 0);
        int perFrame = (int) layout.framePixels() * layout.channels();
        int[] all = new int[perFrame * layout.frameCount()];
        try {
            if (layout.bitsAllocated() == 8) {
                byte[] b = pixelData instanceof OtherWordAttribute
                        ? littleEndianBytes(pixelData.getShortValues())
                        : pixelData.getByteValues();
                for (int i = 0; i < all.length; i++) {
                    all[i] = layout.signed() ? b[i] : b[i] & 0xFF;
                }
            } else {
                short[] s = pixelData.getShortValues();
                int shift = 32 - layout.bitsStored();
                for (int i = 0; i < all.length; i++) {
                    all[i] = layout.signed() ? (s[i] << shift) >> shift : s[i] & ((1 << layout.bitsStored()) - 1);
                }
            }
        } catch (DicomException e) {
            throw new IOException(e);
        }
        return supplier(layout, index -> {
            int[] frame = new int[perFrame];
            System.arraycopy(all, index * perFrame, frame, 0, perFrame);
            return planar == 1 && layout.channels() == 3 ? interleave(frame, (int) layout.framePixels()) : frame;
        });
    }

    /** 8-bit samples stored as OW (as implicit VR files must): two samples per word, low byte first. */
    private static byte[] littleEndianBytes(short[] words) {
        byte[] bytes = new byte[words.length * 2];
        for (int i = 0; i < words.length; i++) {
            bytes[2 * i] = (byte) words[i];
            bytes[2 * i + 1] = (byte) (words[i] >> 8);
        }
        return bytes;
    }

    private static int[] interleave(int[] planes, int pixels) {
        int[] out = new int[planes.length];
        for (int p = 0; p < pixels; p++) {
            for (int c = 0; c < 3; c++) {
                out[p * 3 + c] = planes[c * pixels + p];
            }
        }
        return out;
    }

    interface Samples {
        int[] of(int frame);
    }

    static FrameSupplier supplier(PixelLayout layout, Samples samples) {
        return new FrameSupplier() {
            @Override
            public int frameCount() {
                return layout.frameCount();
            }

            @Override
            public Frame frame(int index) {
                return new Frame(
                        layout.columns(),
                        layout.rows(),
                        layout.channels(),
                        layout.bitsStored(),
                        layout.signed(),
                        samples.of(index));
            }
        };
    }

    static AttributeList read(Path file, boolean withPixels) throws IOException {
        AttributeList list = new AttributeList();
        try {
            if (withPixels) {
                list.read(file.toFile());
            } else {
                list.read(file.toString(), TagFromName.PixelData);
            }
        } catch (DicomException e) {
            throw new IOException(e);
        }
        return list;
    }

    static String string(AttributeList list, AttributeTag tag) {
        return Attribute.getSingleStringValueOrEmptyString(list, tag).trim();
    }

    static int integer(AttributeList list, AttributeTag tag, int absent) {
        Attribute a = list.get(tag);
        return a == null ? absent : a.getSingleIntegerValueOrDefault(absent);
    }
}
