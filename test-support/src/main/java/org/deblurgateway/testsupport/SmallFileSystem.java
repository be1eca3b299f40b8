package org.deblurgateway.testsupport;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A real, small file system (tmpfs of a given size) mounted for one test, so "disk full" is the kernel's ENOSPC and
 * free space is what {@code statfs} reports, not a simulation. Mounting needs root (CAP_SYS_ADMIN): elsewhere the
 * test is skipped, saying so.
 */
public final class SmallFileSystem implements AutoCloseable {

    private final Path mountPoint;

    private SmallFileSystem(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    /** Mounts a tmpfs of {@code megabytes} MiB on a new folder under {@code parent}; skips the test if it cannot. */
    public static SmallFileSystem mount(Path parent, int megabytes) throws IOException {
        StringBuilder why = new StringBuilder();
        Optional<SmallFileSystem> fs = tryMount(parent, megabytes, why);
        assumeTrue(fs.isPresent(), why.toString());
        return fs.get();
    }

    /** As {@link #mount}, for set-up code that cannot skip a test: empty, and the reason in {@code why}, if it cannot. */
    public static Optional<SmallFileSystem> tryMount(Path parent, int megabytes, StringBuilder why) throws IOException {
        Files.createDirectories(parent);
        Path dir = Files.createTempDirectory(parent, "small-fs-");
        ToolRun run = ToolRun.of(
                Duration.ofSeconds(20),
                List.of("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m,mode=0700", "tmpfs", dir.toString()));
        if (run.exit() != 0) {
            Files.deleteIfExists(dir);
            why.append("a ")
                    .append(megabytes)
                    .append(" MiB tmpfs cannot be mounted here (needs root / CAP_SYS_ADMIN): ")
                    .append(run.output().trim());
            return Optional.empty();
        }
        return Optional.of(new SmallFileSystem(dir));
    }

    public Path root() {
        return mountPoint;
    }

    /** Bytes still usable on it. */
    public long usableBytes() throws IOException {
        return Files.getFileStore(mountPoint).getUsableSpace();
    }

    /**
     * Writes a ballast file that leaves about {@code leaveFree} bytes usable (never more than asked), so tests can take
     * space away and give it back by deleting the file.
     */
    public Path fillLeaving(long leaveFree) throws IOException {
        Path ballast = Files.createTempFile(mountPoint, "ballast-", ".bin");
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(ballast)) {
            long toWrite = usableBytes() - leaveFree;
            while (toWrite > 0) {
                int n = (int) Math.min(block.length, toWrite);
                out.write(block, 0, n);
                toWrite -= n;
            }
        }
        return ballast;
    }

    /** Unmounts (lazily, should a process still hold a file there) and removes the mount point. */
    @Override
    public void close() throws IOException {
        ToolRun.of(Duration.ofSeconds(20), List.of("umount", "-l", mountPoint.toString()));
        Files.deleteIfExists(mountPoint);
    }
}
