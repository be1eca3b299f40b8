package org.deblurgateway.dicom.scp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.deblurgateway.testsupport.Dcmtk;
import org.deblurgateway.testsupport.RawObjects;
import org.deblurgateway.testsupport.SmallFileSystem;
import org.deblurgateway.testsupport.SopClasses;
import org.deblurgateway.testsupport.Storescu;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A spool short of space: below its floor a C-STORE is refused (0xA700) before any of it is written, and taken again
 * once space is back; a disk that fills in the middle of an object (the kernel's ENOSPC on a small tmpfs) refuses
 * that object at its end, leaves no part file, and the association goes on. dcmtk's storescu is the modality.
 */
class SpoolSpaceStoreTest {

    private static final int MIB = 1024 * 1024;
    /** storescu -d prints each C-STORE-RSP's Error Comment as "(0000,0902) LO [text]". */
    private static final Pattern DIMSE_STATUS = Pattern.compile("(0x[0-9a-f]{4})");

    private static final Pattern ERROR_COMMENT = Pattern.compile("\\(0000,0902\\) LO \\[([^\\]]*)\\]");

    @TempDir
    Path work;

    private DicomListener listener;
    private SmallFileSystem disk;
    private final RecordingIngest ingest = new RecordingIngest();

    @BeforeAll
    static void requireDcmtk() {
        Dcmtk.assumeInstalled();
    }

    @AfterEach
    void stop() throws IOException {
        if (listener != null) {
            listener.stop();
        }
        if (disk != null) {
            disk.close();
        }
    }

    @Test
    void store_floorAboveTheDisksFreeSpace_outOfResourcesWithCommentAndNothingWritten() throws Exception {
        Path data = work.resolve("data");
        long unreachable = Files.getFileStore(work).getUsableSpace() + (1L << 40);
        Spool spool = start(data, unreachable, Duration.ofSeconds(1));
        Path object = RawObjects.write(work.resolve("a.dcm"), SopClasses.SECONDARY_CAPTURE, "2.25.7001", 256);

        Storescu.StoreResult result = send(List.of(object));

        assertOutOfResources(result, object);
        assertEquals(List.of(SpoolFloor.REFUSAL), comments(result), result.log());
        assertSpoolEmpty(spool);
        assertEquals(0, ingest.announced().size());
    }

    @Test
    void store_spoolBelowFloorThenSpaceBack_refusedWithoutWritingThenSuccess() throws Exception {
        disk = SmallFileSystem.mount(work, 16);
        Spool spool = start(disk.root().resolve("data"), 4 * MIB, Duration.ZERO);
        Path ballast = disk.fillLeaving(2 * MIB);
        // Larger than the space left: only a refusal before writing can answer it with the floor's comment.
        Path large = RawObjects.write(work.resolve("large.dcm"), SopClasses.SECONDARY_CAPTURE, "2.25.7002", 3 * MIB);

        Storescu.StoreResult refused = send(List.of(large));

        assertOutOfResources(refused, large);
        assertEquals(List.of(SpoolFloor.REFUSAL), comments(refused), refused.log());
        assertSpoolEmpty(spool);

        Files.delete(ballast);
        Storescu.StoreResult taken = send(List.of(large));

        assertSuccess(taken, large);
        assertEquals(1, ingest.announced().size());
        assertEquals(List.of("2.25.7002"), placedUids(spool));
    }

    @Test
    void store_diskFillsDuringAnObject_outOfResourcesNoPartLeftAndAssociationGoesOn() throws Exception {
        disk = SmallFileSystem.mount(work, 8);
        Spool spool = start(disk.root().resolve("data"), 0, Duration.ZERO);
        Path tooLarge =
                RawObjects.write(work.resolve("too-large.dcm"), SopClasses.SECONDARY_CAPTURE, "2.25.7003", 12 * MIB);
        Path small = RawObjects.write(work.resolve("small.dcm"), SopClasses.SECONDARY_CAPTURE, "2.25.7004", 256);

        Storescu.StoreResult result = send(List.of(tooLarge, small)); // one association, in this order

        assertOutOfResources(result, tooLarge);
        assertEquals(
                List.of("cannot write spool file (IOException: No space left on device)"),
                comments(result),
                result.log());
        assertSuccess(result, small);
        try (Stream<Path> parts = Files.list(spool.tmp())) {
            assertEquals(List.of(), parts.toList(), "the refused object's part file is removed");
        }
        assertEquals(List.of("2.25.7004"), placedUids(spool));
        assertEquals(1, ingest.announced().size());
        assertTrue(disk.usableBytes() > 7 * MIB, "the space the refused object took is free again");
    }

    private Spool start(Path data, long floorBytes, Duration refresh) throws IOException {
        ListenerSettings settings = TestListeners.settings(Optional.empty(), 4, Duration.ofSeconds(20));
        Spool spool = new Spool(data);
        listener = TestListeners.start(
                settings,
                new ReceivePath(spool, new SpoolFloor(spool.tmp(), floorBytes, refresh), ingest),
                ListenerOptions.none());
        return spool;
    }

    private Storescu.StoreResult send(List<Path> files) {
        try (Storescu.StoreRun run =
                Storescu.start("spool-space", listener.port(), "MODALITY", "DEBLUR", List.of("-d"), files)) {
            return run.awaitEnd(Duration.ofSeconds(90));
        }
    }

    private static void assertOutOfResources(Storescu.StoreResult result, Path file) {
        assertEquals("0xa700", statusOf(result, file), result.log());
    }

    private static void assertSuccess(Storescu.StoreResult result, Path file) {
        assertEquals("0x0000", statusOf(result, file), result.log());
    }

    /** The DIMSE status storescu -d logged for {@code file} ("D: DIMSE Status : 0xa700: ..."), "none" if none. */
    private static String statusOf(Storescu.StoreResult result, Path file) {
        boolean sending = false;
        for (String line : result.log().split("\n")) {
            if (line.startsWith("I: Sending file: ")) {
                sending = line.endsWith(file.toString());
            } else if (sending && line.startsWith("D: DIMSE Status")) {
                Matcher status = DIMSE_STATUS.matcher(line);
                return status.find() ? status.group(1) : line;
            }
        }
        return "none";
    }

    private static List<String> comments(Storescu.StoreResult result) {
        List<String> comments = new ArrayList<>();
        Matcher m = ERROR_COMMENT.matcher(result.log());
        while (m.find()) {
            comments.add(m.group(1));
        }
        return comments;
    }

    private static void assertSpoolEmpty(Spool spool) throws IOException {
        for (Path folder : List.of(spool.tmp(), spool.incoming())) {
            try (Stream<Path> left = Files.list(folder)) {
                assertEquals(List.of(), left.toList(), "nothing written into " + folder.getFileName());
            }
        }
    }

    /** The SOP Instance UIDs of the receipts in {@code incoming/} (each receipt has a file name of its own). */
    private static List<String> placedUids(Spool spool) throws IOException {
        try (Stream<Path> placed = Files.list(spool.incoming())) {
            return placed.map(p -> Spool.sopInstanceUidOf(p.getFileName().toString()))
                    .sorted()
                    .toList();
        }
    }
}
