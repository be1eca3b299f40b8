package org.deblurgateway.gateway.trail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Overview's per-minute counts on a real PostgreSQL equal full counts of the entries (its upsert differs). */
class TrailPostgresqlCountsTest {

    @TempDir
    Path dataDir;

    @Test
    void overviewCounts_onPostgresql_equalFullCounts() throws Exception {
        Optional<PostgresCluster> started = PostgresCluster.start();
        assumeTrue(started.isPresent(), "PostgreSQL test skipped: " + PostgresCluster.why);
        try (PostgresCluster cluster = started.get()) {
            TrailSettings settings = cluster.trailSettings();
            Instant now = Instant.now();
            TrailDatabase database = new TrailDatabase(settings, dataDir);
            try {
                TrailWriter writer = new TrailWriter(database, settings, true);
                OverviewCountChecks.writeAll(writer, OverviewCountChecks.generated(now, 3_000, 21));
                assertEquals(3_000, writer.writtenCount());
                OverviewCountChecks.equalFullCounts(database, now);
            } finally {
                database.close();
            }
        }
    }
}
