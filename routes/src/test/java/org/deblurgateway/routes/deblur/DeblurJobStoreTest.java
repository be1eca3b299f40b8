package org.deblurgateway.routes.deblur;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import org.deblurgateway.dicom.pixels.PixelLayout;
import org.deblurgateway.model.image.Frame;
import org.deblurgateway.routes.messages.FrameResult;
import org.deblurgateway.routes.spool.DataDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeblurJobStoreTest {

    private static final String JOB = "2.25.1234567890";

    @TempDir
    Path data;

    @Test
    void create_storeResults_readBackInOrderWithSignedSamples() throws Exception {
        DeblurJobStore jobs = new DeblurJobStore(new DataDir(data));
        Path received = Files.writeString(data.resolve("1.2.3.dcm"), "object");
        JobManifest manifest = manifest(2);
        jobs.create(manifest, received);
        jobs.create(manifest, received); // a redelivered ingest does it again

        assertEquals(manifest, jobs.manifest(JOB));
        assertTrue(Files.isSameFile(received, jobs.source(JOB)), "source is a hard link");
        jobs.storeResult(JOB, result(1, new int[] {-2048, 2047, 0, -1}));
        assertEquals(1, jobs.resultCount(JOB));
        jobs.storeResult(JOB, result(0, new int[] {5, 6, 7, 8}));
        jobs.storeResult(JOB, result(0, new int[] {5, 6, 7, 8})); // a repeated result replaces the same file
        assertEquals(2, jobs.resultCount(JOB));

        assertArrayEquals(new int[] {5, 6, 7, 8}, jobs.results(JOB, 2).frame(0).samples());
        assertArrayEquals(
                new int[] {-2048, 2047, 0, -1}, jobs.results(JOB, 2).frame(1).samples());
        assertEquals(
                List.of("w1", "w1"),
                jobs.resultSummaries(JOB, 2).stream().map(FrameResult::worker).toList());
    }

    @Test
    void markAssembled_keepsOnlyTheMarker_andSweepRemovesOldOnes() throws Exception {
        DeblurJobStore jobs = new DeblurJobStore(new DataDir(data));
        jobs.create(manifest(1), Files.writeString(data.resolve("1.2.3.dcm"), "object"));
        jobs.storeResult(JOB, result(0, new int[] {1, 2, 3, 4}));

        jobs.markAssembled(
                JOB, new DeblurJobStore.Assembled("2.25.9", List.of("outbound/pacs/2.25.9.dcm"), OptionalInt.empty()));

        assertEquals(
                List.of("outbound/pacs/2.25.9.dcm"),
                jobs.assembled(JOB).orElseThrow().outboundSpoolPaths());
        assertEquals(0, jobs.resultCount(JOB));
        assertFalse(Files.exists(jobs.source(JOB)));
        assertEquals(0, jobs.removeFinishedBefore(Instant.now().minusSeconds(3600)), "recent job kept");
        Files.setLastModifiedTime(
                jobs.dir(JOB).resolve("assembled.properties"),
                FileTime.from(Instant.now().minusSeconds(7200)));
        assertEquals(1, jobs.removeFinishedBefore(Instant.now().minusSeconds(3600)));
        assertFalse(Files.exists(jobs.dir(JOB)));
    }

    @Test
    void dir_rejectsJobIdsThatAreNotUids() {
        DeblurJobStore jobs = new DeblurJobStore(new DataDir(data));
        assertThrows(IllegalArgumentException.class, () -> jobs.dir("../escape"));
        assertThrows(IllegalArgumentException.class, () -> jobs.dir(null));
    }

    private static JobManifest manifest(int frames) {
        return new JobManifest(
                JOB,
                "deblur-all",
                "rdsam-lite",
                List.of("pacs", "archive"),
                false,
                "1.2.3.dcm",
                new PixelLayout("MONOCHROME2", 2, 2, frames, 16, 12, true, false, "native"),
                "CR",
                42L);
    }

    private static FrameResult result(int index, int[] samples) {
        return new FrameResult(
                JOB,
                index,
                "w1",
                new FrameResult.Deblurred(
                        new Frame(2, 2, 1, 12, true, samples), 0.5, 0.4, 10, "1.0", "ab", "CPU", "tile 512"));
    }
}
