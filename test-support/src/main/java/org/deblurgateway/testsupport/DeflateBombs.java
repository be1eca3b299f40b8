package org.deblurgateway.testsupport;

import static org.deblurgateway.testsupport.ElementBytes.element;
import static org.deblurgateway.testsupport.ElementBytes.header;
import static org.deblurgateway.testsupport.ElementBytes.uid;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Deflated data sets (Deflated Explicit VR Little Endian, raw deflate, PS3.5 A.5) that are small on the wire and huge
 * once inflated: the identifying attributes of {@link RawObjects}, then a private block in group 0009 whose OB value
 * is {@code zeroBytes} zeros (before Rows/Columns in group 0028, where a reader that loads every element up to the
 * image attributes would hold it), then a 4x4 image. Deflated at the fastest level (4x quicker to make than the
 * best, still about 230:1 on zeros): 3 GB becomes about 14 MB.
 */
public final class DeflateBombs {

    private static final int CHUNK = 1 << 20;

    private DeflateBombs() {}

    /** The deflated data set; {@code zeroBytes} even, below 4 GiB (the OB length field is 32-bit). */
    public static byte[] privateZeros(String sopClass, String sopInstance, long zeroBytes) {
        if (zeroBytes % 2 != 0 || zeroBytes >= 0xFFFFFFFFL) {
            throw new IllegalArgumentException("OB length must be even and below 4 GiB: " + zeroBytes);
        }
        ByteArrayOutputStream deflated = new ByteArrayOutputStream((int) Math.min(zeroBytes / 200 + 4096, 1 << 30));
        Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
        try (DeflaterOutputStream z = new DeflaterOutputStream(deflated, deflater, CHUNK)) {
            z.write(element(0x0008, 0x0016, "UI", uid(sopClass)));
            z.write(element(0x0008, 0x0018, "UI", uid(sopInstance)));
            z.write(element(0x0008, 0x0060, "CS", "OT".getBytes(StandardCharsets.US_ASCII)));
            z.write(element(0x0009, 0x0010, "LO", "BOMB TEST ".getBytes(StandardCharsets.US_ASCII)));
            z.write(header(0x0009, 0x1000, "OB", zeroBytes));
            byte[] zeros = new byte[CHUNK];
            for (long left = zeroBytes; left > 0; left -= CHUNK) {
                z.write(zeros, 0, (int) Math.min(left, CHUNK));
            }
            z.write(element(0x0020, 0x000D, "UI", uid(RawObjects.STUDY_UID)));
            z.write(element(0x0020, 0x000E, "UI", uid(RawObjects.SERIES_UID)));
            z.write(element(0x0028, 0x0010, "US", new byte[] {4, 0}));
            z.write(element(0x0028, 0x0011, "US", new byte[] {4, 0}));
            z.write(element(0x7FE0, 0x0010, "OB", new byte[16]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deflater.end();
        }
        return deflated.toByteArray();
    }
}
