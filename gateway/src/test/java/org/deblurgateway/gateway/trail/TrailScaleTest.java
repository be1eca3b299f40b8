package org.deblurgateway.gateway.trail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.deblurgateway.gateway.trail.TrailQueries.SearchKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's queries with 10,000 instances in 100 studies (70,000 trail entries) in the embedded database: each
 * page reads, by the database's own count ({@code EXPLAIN ANALYZE}), about the rows it shows, or for an aggregate
 * the rows of its time window, through an index. That is what keeps a page quick as the trail grows, and unlike a
 * wall-clock budget it holds on a machine at any load. The test shows its own check failing on a query whose index
 * is dropped.
 */
class TrailScaleTest {

    private static final int INSTANCES = 10_000;
    /** What H2's {@code EXPLAIN ANALYZE} says a table or index step read. */
    private static final Pattern SCAN_COUNT = Pattern.compile("scanCount: (\\d+)");

    @TempDir
    Path dataDir;

    private interface Query {
        Object run() throws Exception;
    }

    /**
     * A page and the most rows its statements may read: a lookup reads about what it shows (H2 counts one more per
     * statement), an aggregate over a time window reads the rows in its window, through the index on its time.
     */
    private record Page(String name, Query query, long maxRowsRead) {

        static Page lookup(String name, Query query, int rowsShown) {
            return new Page(name, query, 2L * rowsShown + 10);
        }

        static Page window(String name, Query query, long rowsInWindow) {
            return new Page(name, query, rowsInWindow + 1);
        }
    }

    @Test
    void queries_with10000Instances_readWhatTheyShowThroughIndexes() throws Exception {
        RecordedStatements database = new RecordedStatements(TrailSettings.h2(), dataDir);
        try {
            fill(database);
            TrailQueries queries = new TrailQueries(database);
            // All entries are less than an hour old: the recent studies, the chart and the counts read them all.
            Page instanceTrail = Page.lookup("instance trail", () -> queries.trail("1.2.3.7.4242"), 7);
            List<Page> pages = List.of(
                    Page.window("recent studies", () -> queries.studies(Optional.empty(), "", 50), INSTANCES),
                    Page.lookup(
                            "search by Patient ID",
                            () -> queries.studies(Optional.of(SearchKey.PATIENT_ID), "P42", 50),
                            100),
                    Page.window("overview chart", () -> queries.perMinute(Instant.now(), 60), INSTANCES * 7L),
                    Page.window(
                            "overview counts",
                            () -> queries.countsSince(Instant.now().minusSeconds(86_400)),
                            INSTANCES * 7L),
                    Page.lookup("study page", () -> queries.instancesOfStudy("1.2.3.8.42"), 100),
                    instanceTrail);
            database.take();
            for (Page page : pages) {
                List<String> tooMuch = plansReadingTooMuch(database, page);
                assertTrue(tooMuch.isEmpty(), page.name() + " reads more than it needs: " + tooMuch);
            }
            assertEquals(7, queries.trail("1.2.3.7.4242").size());

            // The check fails on the regression it guards: without its index the instance trail reads every entry
            // (H2 then walks another index from end to end, so a plan without "tableScan" is not enough).
            try (Connection c = database.connection();
                    Statement s = c.createStatement()) {
                s.execute("DROP INDEX trail_event_instance");
            }
            database.take();
            assertFalse(
                    plansReadingTooMuch(database, instanceTrail).isEmpty(),
                    "the instance trail without its index is seen reading the whole table");
        } finally {
            database.close();
        }
    }

    private static void fill(TrailDatabase database) throws Exception {
        TrailWriter writer = new TrailWriter(database, TrailSettings.h2(), true);
        writer.start();
        Instant start = Instant.now().minusSeconds(3000);
        for (int i = 0; i < INSTANCES; i++) {
            // 100 studies of 100 instances, spread over the last 50 minutes
            TrailEvents.deblurredChest(
                            "1.2.3.8." + (i % 100), "1.2.3.7." + i, "P" + (i % 100), start.plusMillis(i * 300L))
                    .forEach(writer::accept);
        }
        long deadline = System.nanoTime() + 600_000_000_000L;
        while (writer.writtenCount() < INSTANCES * 7L && writer.droppedCount() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        writer.stop();
        assertEquals(INSTANCES * 7L, writer.writtenCount(), "dropped " + writer.droppedCount());
    }

    /**
     * The plans of the page's statements when together they read more rows than the page may, or one of them reads
     * a table without an index; empty when the page reads what it needs.
     */
    private static List<String> plansReadingTooMuch(RecordedStatements database, Page page) throws Exception {
        page.query().run();
        List<RecordedStatements.Statement> statements = database.take();
        assertFalse(statements.isEmpty(), page.name() + " ran no statement");
        List<String> plans = new ArrayList<>();
        long rowsRead = 0;
        boolean tableScan = false;
        for (RecordedStatements.Statement statement : statements) {
            String plan = database.plan(statement).replaceAll("\\s+", " ");
            plans.add(plan);
            Matcher scanned = SCAN_COUNT.matcher(plan);
            while (scanned.find()) {
                rowsRead += Long.parseLong(scanned.group(1));
            }
            tableScan |= plan.contains(".tableScan");
        }
        System.out.printf("%s: %d rows read (at most %d)%n", page.name(), rowsRead, page.maxRowsRead());
        return rowsRead > page.maxRowsRead() || tableScan ? plans : List.of();
    }
}
