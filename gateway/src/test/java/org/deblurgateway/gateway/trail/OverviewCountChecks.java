package org.deblurgateway.gateway.trail;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.deblurgateway.gateway.trail.TrailQueries.MinuteCounts;
import org.deblurgateway.gateway.trail.TrailQueries.WorkerFrames;
import org.deblurgateway.routes.events.PipelineEvent;
import org.deblurgateway.routes.events.PipelineEvent.ObjectRef;
import org.deblurgateway.routes.events.PipelineEvent.Outcome;

/**
 * A generated trail and the Overview's numbers checked against full counts of its entries, on any database: the
 * per-minute aggregate must give exactly what counting every row of {@code trail_event} gives.
 */
final class OverviewCountChecks {

    private static final String[] WORKERS = {"gpu-1@host-a", "1234@gateway", "cpu-2@host-b"};

    private OverviewCountChecks() {}

    /** {@code count} events of every kind the Overview shows, spread over the 26 hours before {@code now}. */
    static List<PipelineEvent> generated(Instant now, int count, long seed) {
        Random random = new Random(seed);
        List<PipelineEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            // A third in the last hour, so the chart and the partial minutes at the windows' starts get entries.
            long ageMs = i % 3 == 0
                    ? (long) (random.nextDouble() * Duration.ofHours(1).toMillis())
                    : (long) (random.nextDouble() * Duration.ofHours(26).toMillis());
            Instant at = now.minusMillis(ageMs);
            ObjectRef object = new ObjectRef("2.25.1", "2.25.2", "2.25.9." + i);
            String worker = WORKERS[random.nextInt(WORKERS.length)];
            events.add(
                    switch (random.nextInt(6)) {
                        case 0 ->
                            new PipelineEvent.Received(
                                    at,
                                    object,
                                    "CT1",
                                    "DEBLUR",
                                    "1.2.840.10008.5.1.4.1.1.2",
                                    "1.2.840.10008.1.2.1",
                                    "CT",
                                    1000,
                                    "P" + i,
                                    "DOE^JOHN",
                                    "A" + i,
                                    "",
                                    "");
                        case 1 -> new PipelineEvent.PassedThrough(at, object, "non-image-sop-class", "SR");
                        case 2 ->
                            new PipelineEvent.FrameDeblurred(
                                    at,
                                    object,
                                    0,
                                    1,
                                    worker,
                                    "rdsam-lite",
                                    "CPU",
                                    700,
                                    1_000_000,
                                    random.nextInt(4) == 0 ? "network failed" : "");
                        case 3 ->
                            new PipelineEvent.DerivedInstanceWritten(at, object, "2.25.3", "2.25.8." + i, "rdsam-lite");
                        case 4 ->
                            new PipelineEvent.ForwardAttempted(
                                    at, object, object.sopInstanceUid(), "pacs", 1, Outcome.DELIVERED, "0000", "", 5);
                        default ->
                            new PipelineEvent.ForwardAttempted(
                                    at,
                                    object,
                                    object.sopInstanceUid(),
                                    "pacs",
                                    3,
                                    random.nextBoolean() ? Outcome.DEAD_LETTERED : Outcome.RETRY,
                                    "a700",
                                    "out of resources",
                                    5);
                    });
        }
        return events;
    }

    /**
     * Hands the events to the writer and waits until it has written them all (a loaded machine can take longer than
     * the writer's 10 s drain at stop), then stops it.
     */
    static void writeAll(TrailWriter writer, List<PipelineEvent> events) {
        writer.start();
        events.forEach(writer::accept);
        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> writer.writtenCount() + writer.droppedCount() >= events.size());
        writer.stop();
    }

    /** Every number the Overview reads equals a full count over the entries, for aligned and unaligned windows. */
    static void equalFullCounts(TrailDatabase database, Instant now) throws SQLException {
        TrailQueries queries = new TrailQueries(database);
        List<Instant> windowStarts = List.of(
                now.minus(Duration.ofHours(1)),
                now.minus(Duration.ofDays(1)),
                now.minus(Duration.ofMinutes(10)),
                Instant.ofEpochMilli(
                        Math.floorDiv(now.minus(Duration.ofHours(5)).toEpochMilli(), 60_000) * 60_000),
                now.minus(Duration.ofDays(3)));
        for (Instant since : windowStarts) {
            Map<String, Long> full = fullCounts(database, since);
            assertTrue(full.values().stream().mapToLong(Long::longValue).sum() > 0, "window has entries: " + since);
            assertEquals(full, queries.countsSince(since), "counts since " + since);
            assertEquals(fullFramesPerWorker(database, since), queries.framesPerWorker(since), "frames since " + since);
        }
        MinuteCounts chart = queries.perMinute(now, 60);
        MinuteCounts fullChart = fullPerMinute(database, now, 60);
        assertEquals(fullChart.firstMinute(), chart.firstMinute());
        assertEquals(fullChart.perKind().keySet(), chart.perKind().keySet());
        for (String kind : fullChart.perKind().keySet()) {
            assertArrayEquals(fullChart.perKind().get(kind), chart.perKind().get(kind), "chart of " + kind);
        }
    }

    private static Map<String, Long> fullCounts(TrailDatabase database, Instant since) throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        try (Connection c = database.connection();
                PreparedStatement q =
                        c.prepareStatement("SELECT kind, COUNT(*) FROM trail_event WHERE at_ms >= ? GROUP BY kind")) {
            q.setLong(1, since.toEpochMilli());
            try (ResultSet rows = q.executeQuery()) {
                while (rows.next()) {
                    counts.put(rows.getString(1), rows.getLong(2));
                }
            }
        }
        return counts;
    }

    private static MinuteCounts fullPerMinute(TrailDatabase database, Instant now, int minutes) throws SQLException {
        long firstMinute = now.toEpochMilli() / 60_000 - minutes + 1;
        Map<String, long[]> perKind = new TreeMap<>();
        try (Connection c = database.connection();
                PreparedStatement q =
                        c.prepareStatement("SELECT kind, at_ms FROM trail_event WHERE at_ms >= ? AND at_ms < ?")) {
            q.setLong(1, firstMinute * 60_000);
            q.setLong(2, (firstMinute + minutes) * 60_000);
            try (ResultSet rows = q.executeQuery()) {
                while (rows.next()) {
                    perKind.computeIfAbsent(rows.getString(1), k -> new long[minutes])[
                            (int) (rows.getLong(2) / 60_000 - firstMinute)]++;
                }
            }
        }
        return new MinuteCounts(firstMinute, perKind);
    }

    private static List<WorkerFrames> fullFramesPerWorker(TrailDatabase database, Instant since) throws SQLException {
        List<WorkerFrames> workers = new ArrayList<>();
        try (Connection c = database.connection();
                PreparedStatement q = c.prepareStatement("SELECT worker,"
                        + " SUM(CASE WHEN kind = ? THEN 1 ELSE 0 END), SUM(CASE WHEN kind = ? THEN 1 ELSE 0 END),"
                        + " MAX(at_ms) FROM trail_event WHERE at_ms >= ? AND kind IN (?, ?)"
                        + " GROUP BY worker ORDER BY COUNT(*) DESC, worker")) {
            q.setString(1, TrailKind.FRAME_DEBLURRED);
            q.setString(2, TrailKind.FRAME_FAILED);
            q.setLong(3, since.toEpochMilli());
            q.setString(4, TrailKind.FRAME_DEBLURRED);
            q.setString(5, TrailKind.FRAME_FAILED);
            try (ResultSet rows = q.executeQuery()) {
                while (rows.next()) {
                    workers.add(new WorkerFrames(
                            rows.getString(1),
                            rows.getLong(2),
                            rows.getLong(3),
                            Instant.ofEpochMilli(rows.getLong(4))));
                }
            }
        }
        return workers;
    }
}
