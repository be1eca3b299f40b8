package org.deblurgateway.gateway;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import org.deblurgateway.dicom.pixels.PixelLayout;
import org.deblurgateway.routes.config.GatewayConfig;
import org.deblurgateway.routes.deblur.DeblurJobStore;
import org.deblurgateway.routes.deblur.JobManifest;
import org.deblurgateway.routes.spool.DataDir;
import org.junit.jupiter.api.Test;

/**
 * The folder of a finished deblur job goes with the periodic retention sweep once it is older than
 * gateway.deblur.finished-job-retention (24h), without waiting for another assembly: after the last deblurred
 * object of a day nothing else would ever remove it (the 10,000-object run of bench/disk-return.sh shows the data
 * folder returning to its start).
 */
@QuarkusTest
@TestProfile(IngestTestProfile.class)
class FinishedJobRetentionTest {

    @Inject
    RetentionSweeper sweeper;

    @Inject
    DeblurJobStore jobs;

    @Inject
    GatewayConfig gateway;

    @Test
    void sweep_finishedJobPastRetention_folderRemovedWithoutAnotherAssembly() throws Exception {
        DataDir data = new DataDir(gateway.dataDir());
        String job = "2.25." + System.nanoTime();
        createFinishedJob(data, job);

        sweeper.sweep(Instant.now());
        assertTrue(jobs.exists(job), "a job finished just now keeps its marker (a redelivered result needs it)");

        RetentionSweeper.Swept later = sweeper.sweep(Instant.now().plus(Duration.ofHours(25)));
        assertFalse(jobs.exists(job), "25 h later the finished job's folder is gone: " + later);
        assertTrue(later.finishedJobFoldersRemoved() >= 1, later.toString());
    }

    private void createFinishedJob(DataDir data, String job) throws Exception {
        Path received =
                Files.createDirectories(data.root().resolve("test-received")).resolve(job + ".dcm");
        Files.writeString(received, "source");
        jobs.create(
                new JobManifest(
                        job,
                        "deblur-all",
                        "rdsam-lite",
                        List.of("pacs"),
                        true,
                        job + ".dcm",
                        new PixelLayout("MONOCHROME2", 4, 4, 1, 16, 12, false, false, "native"),
                        "CR",
                        Instant.now().toEpochMilli()),
                received);
        jobs.markAssembled(job, new DeblurJobStore.Assembled(job + ".1", List.of(), OptionalInt.empty()));
    }
}
