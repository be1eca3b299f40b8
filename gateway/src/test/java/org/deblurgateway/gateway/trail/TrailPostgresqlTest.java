package org.deblurgateway.gateway.trail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trail on a real PostgreSQL (gateway.console.database=postgresql): written, restarted, read back. */
class TrailPostgresqlTest {

    @TempDir
    Path dataDir;

    @Test
    void trail_onPostgresql_survivesRestart() throws Exception {
        Optional<PostgresCluster> started = PostgresCluster.start();
        assumeTrue(started.isPresent(), "PostgreSQL test skipped: " + PostgresCluster.why);
        try (PostgresCluster cluster = started.get()) {
            TrailSettings settings = cluster.trailSettings();
            TrailDatabase first = new TrailDatabase(settings, dataDir);
            TrailWriter writer = new TrailWriter(first, settings, true);
            writer.start();
            TrailEvents.deblurredChest("1.2.3.5.1", "PG-1", Instant.now()).forEach(writer::accept);
            writer.stop();
            first.close();
            assertEquals(7, writer.writtenCount());

            TrailDatabase second = new TrailDatabase(settings, dataDir);
            try {
                TrailChecks.deblurredChestTrail(new TrailQueries(second), "1.2.3.5.1", "PG-1");
            } finally {
                second.close();
            }
        }
    }
}
