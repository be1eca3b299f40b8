package org.deblurgateway.dicom.scp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * What a spooled file held when its announcement was committed: its length and CRC-32C, and the machine boot it
 * was written in. The listener commits the announcement while the file's fsync is still running (Success waits for
 * both), so after a power cut a committed message may name a file whose last pages never reached the disk; its
 * sender never got Success. A process crash keeps the page cache: only a file from an earlier boot needs checking.
 *
 * @param length the file's length in bytes
 * @param crc32c CRC-32C of the whole file
 * @param bootId the kernel's boot id when it was written ({@link BootId})
 */
public record ReceiptSeal(long length, long crc32c, String bootId) {

    /** True when the file may have lost unsynced writes since: it was written before this machine last started. */
    public boolean fromEarlierBoot() {
        return !BootId.current().equals(bootId);
    }

    /** True when {@code file} holds exactly what was sealed. */
    public boolean matches(Path file) throws IOException {
        if (Files.size(file) != length) {
            return false;
        }
        CRC32C crc = new CRC32C();
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                crc.update(buffer, 0, n);
            }
        }
        return crc.getValue() == crc32c;
    }
}
