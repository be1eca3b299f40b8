package org.deblurgateway.dicom.derived;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.TagFromName;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.deblurgateway.dicom.TransferSyntaxes;

/**
 * The attributes of a source object up to (not including) its pixel data, with what the derived object needs to
 * know about the source's encoding.
 *
 * @param attributes            data set attributes before group 7FE0 (file meta information removed)
 * @param transferSyntaxUid     the source's transfer syntax ("" when the file had no meta information)
 * @param encapsulatedPixelBytes total size of the compressed frames when the pixel data is encapsulated (for the
 *                              lossy compression ratio); empty otherwise
 */
record SourceObject(AttributeList attributes, String transferSyntaxUid, OptionalLong encapsulatedPixelBytes) {

    private static final int BUFFER = 64 * 1024;
    private static final int PIXEL_DATA_GROUP = 0x7FE0;

    /**
     * Reads {@code file} up to its pixel data. Everything from group 7FE0 on is left behind: the old pixel data,
     * extended offset tables, and whatever trails the pixel data (digital signatures, trailing padding).
     */
    static SourceObject read(Path file) throws IOException {
        AttributeList list = new AttributeList();
        long[] pixelTagEnd = {-1};
        try (DicomInputStream in = new DicomInputStream(new BufferedInputStream(Files.newInputStream(file), BUFFER))) {
            list.read(in, (l, tag, byteOffset) -> {
                if (l == list && tag.getGroup() >= PIXEL_DATA_GROUP) {
                    if (tag.equals(TagFromName.PixelData)) {
                        pixelTagEnd[0] = byteOffset;
                    }
                    return true;
                }
                return false;
            });
        } catch (DicomException | RuntimeException e) {
            throw new IOException("source object cannot be parsed: " + e.getMessage(), e);
        }
        String transferSyntax = AttributeEdits.uid(list, TagFromName.TransferSyntaxUID);
        list.removeMetaInformationHeaderAttributes();
        list.removeGroupLengthAttributes();
        OptionalLong compressed = OptionalLong.empty();
        if (pixelTagEnd[0] > 4 && isEncapsulated(transferSyntax)) {
            compressed = encapsulatedSize(file, pixelTagEnd[0] - 4);
        }
        return new SourceObject(list, transferSyntax, compressed);
    }

    private static boolean isEncapsulated(String transferSyntax) {
        return !transferSyntax.isEmpty() && !TransferSyntaxes.isNative(transferSyntax);
    }

    /**
     * Sums the fragment lengths of encapsulated pixel data (PS3.5 A.4) that starts at {@code pixelDataTagOffset},
     * leaving out the Basic Offset Table (first item). PixelMed reports where it finished reading the tag, so the
     * offset is checked against the bytes of (7FE0,0010); anything unexpected yields "unknown".
     */
    private static OptionalLong encapsulatedSize(Path file, long pixelDataTagOffset) {
        try (InputStream raw = Files.newInputStream(file);
                DataInputStream in = new DataInputStream(new BufferedInputStream(raw, BUFFER))) {
            in.skipNBytes(pixelDataTagOffset);
            if (u16(in) != 0x7FE0 || u16(in) != 0x0010) {
                return OptionalLong.empty();
            }
            in.skipNBytes(4); // VR "OB" + reserved
            if (u32(in) != 0xFFFFFFFFL) {
                return OptionalLong.empty();
            }
            long total = 0;
            boolean first = true;
            while (true) {
                int group = u16(in);
                int element = u16(in);
                long length = u32(in);
                if (group == 0xFFFE && element == 0xE0DD) {
                    return OptionalLong.of(total);
                }
                if (group != 0xFFFE || element != 0xE000 || length == 0xFFFFFFFFL) {
                    return OptionalLong.empty();
                }
                if (!first) {
                    total += length;
                }
                first = false;
                in.skipNBytes(length);
            }
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    private static int u16(DataInputStream in) throws IOException {
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        return b0 | (b1 << 8);
    }

    private static long u32(DataInputStream in) throws IOException {
        return u16(in) | ((long) u16(in) << 16);
    }
}
