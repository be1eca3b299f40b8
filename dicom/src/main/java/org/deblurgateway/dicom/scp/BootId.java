package org.deblurgateway.dicom.scp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This machine's boot, as the kernel names it: page-cache writes that were never synced survive a process crash but
 * not a machine restart, and the boot id tells the two apart.
 */
final class BootId {

    private static final Path LINUX = Path.of("/proc/sys/kernel/random/boot_id");
    private static final String CURRENT = read();

    private BootId() {}

    /** The boot id; where the system does not say, one of this process (then every restart counts as a boot). */
    static String current() {
        return CURRENT;
    }

    private static String read() {
        try {
            return Files.readString(LINUX, StandardCharsets.US_ASCII).trim();
        } catch (IOException | RuntimeException e) {
            return "process-" + ProcessHandle.current().pid() + "-" + System.currentTimeMillis();
        }
    }
}
