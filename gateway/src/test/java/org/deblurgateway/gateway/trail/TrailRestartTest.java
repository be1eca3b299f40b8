package org.deblurgateway.gateway.trail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.deblurgateway.gateway.trail.TrailQueries.EventRow;
import org.deblurgateway.gateway.trail.TrailQueries.SearchKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded trail database: what is written survives a restart and is found by the console's searches. */
class TrailRestartTest {

    @TempDir
    Path dataDir;

    @Test
    void trail_writtenBeforeRestart_readAfterRestart() throws Exception {
        Instant at = Instant.now().minusSeconds(5);
        TrailDatabase first = new TrailDatabase(TrailSettings.h2(), dataDir);
        TrailWriter writer = new TrailWriter(first, TrailSettings.h2(), true);
        writer.start();
        TrailEvents.deblurredChest("1.2.3.4.1", "PID-1", at).forEach(writer::accept);
        TrailEvents.deblurredChest("1.2.3.4.2", "PID-2", at.plusSeconds(1)).forEach(writer::accept);
        writer.stop();
        first.close();
        assertEquals(14, writer.writtenCount());

        TrailDatabase second = new TrailDatabase(TrailSettings.h2(), dataDir);
        try {
            TrailChecks.deblurredChestTrail(new TrailQueries(second), "1.2.3.4.1", "PID-1");
        } finally {
            second.close();
        }
    }

    @Test
    void retention_removesOldEntries() throws Exception {
        TrailSettings shortRetention = new TrailSettings(
                TrailDatabaseKind.H2, Optional.empty(), Optional.empty(), Optional.empty(), Duration.ofHours(1));
        TrailDatabase database = new TrailDatabase(shortRetention, dataDir);
        TrailWriter writer = new TrailWriter(database, shortRetention, true);
        try {
            // Written first, then the writer's start-up prune runs on its next pass: write, stop, start again.
            writer.start();
            TrailEvents.deblurredChest("1.2.3.9.1", "OLD", Instant.now().minusSeconds(7200))
                    .forEach(writer::accept);
            TrailEvents.deblurredChest("1.2.3.9.2", "NEW", Instant.now()).forEach(writer::accept);
            writer.stop();
            TrailWriter restarted = new TrailWriter(database, shortRetention, true);
            restarted.start();
            restarted.stop();
            TrailQueries queries = new TrailQueries(database);
            assertEquals(List.of(), queries.studies(Optional.of(SearchKey.PATIENT_ID), "OLD", 10));
            assertEquals(List.<EventRow>of(), queries.trail("1.2.3.9.1"));
            assertEquals(
                    1,
                    queries.studies(Optional.of(SearchKey.PATIENT_ID), "NEW", 10)
                            .size());
            assertTrue(queries.trail("1.2.3.9.2").size() >= 5);
        } finally {
            database.close();
        }
    }
}
