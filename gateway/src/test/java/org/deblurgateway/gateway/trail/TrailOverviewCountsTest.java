package org.deblurgateway.gateway.trail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Overview's counts, chart and frames per worker come from the trail's per-minute aggregate: on the embedded
 * database they equal full counts of the entries, after writing, after a restart, and for a trail written before
 * the aggregate existed; retention removes old minutes with the old entries.
 */
class TrailOverviewCountsTest {

    @TempDir
    Path dataDir;

    @Test
    void overviewCounts_onGeneratedTrail_equalFullCounts() throws Exception {
        Instant now = Instant.now();
        TrailDatabase database = new TrailDatabase(TrailSettings.h2(), dataDir);
        try {
            TrailWriter writer = new TrailWriter(database, TrailSettings.h2(), true);
            OverviewCountChecks.writeAll(writer, OverviewCountChecks.generated(now, 6_000, 11));
            assertEquals(6_000, writer.writtenCount());
            OverviewCountChecks.equalFullCounts(database, now);
        } finally {
            database.close();
        }
    }

    @Test
    void overviewCounts_trailWrittenBeforeTheAggregate_areMadeFromTheEntriesAtStart() throws Exception {
        Instant now = Instant.now();
        TrailDatabase first = new TrailDatabase(TrailSettings.h2(), dataDir);
        TrailWriter writer = new TrailWriter(first, TrailSettings.h2(), true);
        OverviewCountChecks.writeAll(writer, OverviewCountChecks.generated(now, 2_000, 12));
        try (Connection c = first.connection();
                Statement s = c.createStatement()) {
            s.execute("DROP TABLE trail_minute"); // as a trail of the previous version has it
        }
        first.close();

        TrailDatabase second = new TrailDatabase(TrailSettings.h2(), dataDir);
        try {
            OverviewCountChecks.equalFullCounts(second, now);
        } finally {
            second.close();
        }
    }

    @Test
    void retention_removesOldMinutesWithTheirEntries() throws Exception {
        Instant now = Instant.now();
        TrailSettings twoHours = new TrailSettings(
                TrailDatabaseKind.H2, Optional.empty(), Optional.empty(), Optional.empty(), Duration.ofHours(2));
        TrailDatabase database = new TrailDatabase(twoHours, dataDir);
        try {
            TrailWriter writer = new TrailWriter(database, twoHours, true);
            OverviewCountChecks.writeAll(writer, OverviewCountChecks.generated(now, 1_000, 13));
            // A second writer applies the retention at its start.
            TrailWriter next = new TrailWriter(database, twoHours, true);
            next.start();
            next.stop();
            OverviewCountChecks.equalFullCounts(database, now);
            try (Connection c = database.connection();
                    Statement s = c.createStatement();
                    ResultSet rows = s.executeQuery("SELECT MIN(at_minute) FROM trail_minute")) {
                assertTrue(rows.next());
                long cutMinute = now.minus(Duration.ofHours(2)).toEpochMilli() / 60_000;
                assertTrue(
                        rows.getLong(1) >= cutMinute, "oldest minute kept " + rows.getLong(1) + ", cut " + cutMinute);
            }
        } finally {
            database.close();
        }
    }
}
