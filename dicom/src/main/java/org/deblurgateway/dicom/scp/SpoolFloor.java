package org.deblurgateway.dicom.scp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receive spool's free-space floor: while its file system has less usable space than the floor, a C-STORE is
 * refused (0xA700) before any of its data set is written. The free space is read at most once per refresh interval,
 * so a burst of C-STOREs costs one file system query per interval, not one each; a write that failed for lack of
 * space makes the next C-STORE read it again at once.
 */
public final class SpoolFloor {

    private static final Logger LOG = LoggerFactory.getLogger(SpoolFloor.class);
    /** The Error Comment of a refusal (at most 64 characters: LO); the log has the numbers. */
    static final String REFUSAL = "spool free space below the gateway's floor";

    private final Path folder;
    private final long floorBytes;
    private final long refreshNanos;
    // One reading shared by all associations; a race between two refreshes only costs one more query.
    private volatile Reading last;
    private volatile boolean below;

    private record Reading(long usableBytes, long atNanos) {}

    /**
     * @param folder     a folder on the file system to watch (the spool's)
     * @param floorBytes refuse below this many usable bytes; 0 never refuses (and never reads the file system)
     * @param refresh    how long one reading is trusted
     */
    public SpoolFloor(Path folder, long floorBytes, Duration refresh) {
        if (floorBytes < 0) {
            throw new IllegalArgumentException("spool floor must not be negative, was " + floorBytes);
        }
        if (refresh.isNegative()) {
            throw new IllegalArgumentException("spool free-space refresh must not be negative, was " + refresh);
        }
        this.folder = folder;
        this.floorBytes = floorBytes;
        this.refreshNanos = refresh.toNanos();
    }

    /** A floor that never refuses. */
    public static SpoolFloor none() {
        return new SpoolFloor(Path.of("."), 0, Duration.ZERO);
    }

    public long floorBytes() {
        return floorBytes;
    }

    /** True while the spool's file system has less usable space than the floor (a new object is then refused). */
    boolean isBelow() {
        if (floorBytes == 0) {
            return false;
        }
        Reading r = last;
        long now = System.nanoTime();
        if (r == null || now - r.atNanos() >= refreshNanos) {
            r = read(now);
            last = r;
        }
        return r.usableBytes() < floorBytes;
    }

    /** A write ran out of space: the next {@link #isBelow()} reads the file system again instead of the cache. */
    void recheck() {
        last = null;
    }

    private Reading read(long now) {
        long usable;
        try {
            usable = Files.getFileStore(folder).getUsableSpace();
        } catch (IOException | RuntimeException e) {
            // An unreadable file system is not taken as full: the write itself then fails with its own status.
            LOG.debug("Spool floor: free space of {} cannot be read: {}", folder, e.toString());
            return new Reading(Long.MAX_VALUE, now);
        }
        boolean nowBelow = usable < floorBytes;
        if (nowBelow != below) {
            below = nowBelow;
            if (nowBelow) {
                LOG.warn(
                        "DGW-SCP-060 spool has {} bytes free, below its floor of {}: C-STOREs are refused (0xA700)"
                                + " until space is back",
                        usable,
                        floorBytes);
            } else {
                LOG.info(
                        "DGW-SCP-061 spool has {} bytes free again (floor {}): C-STOREs are taken", usable, floorBytes);
            }
        }
        return new Reading(usable, now);
    }
}
