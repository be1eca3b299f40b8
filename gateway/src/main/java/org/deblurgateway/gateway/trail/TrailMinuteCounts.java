package org.deblurgateway.gateway.trail;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The trail's per-minute aggregate ({@code trail_minute}): entries per minute, kind and worker, kept by the trail
 * writer in the same transaction as the entries themselves. The Overview reads its counts, chart and frames per worker
 * from it, so a page costs the same with 1,000 or 1,000,000 entries in the window. Minutes are whole UTC minutes of
 * the entry's own time ({@code at_ms / 60000}), the same boundaries the chart always used.
 */
final class TrailMinuteCounts {

    static final String TABLE = """
        CREATE TABLE IF NOT EXISTS trail_minute (
          at_minute BIGINT NOT NULL,
          kind VARCHAR(32) NOT NULL,
          worker VARCHAR(200) NOT NULL,
          entries BIGINT NOT NULL,
          last_at_ms BIGINT NOT NULL,
          PRIMARY KEY (at_minute, kind, worker)
        )""";

    private static final String BACKFILL = "INSERT INTO trail_minute (at_minute, kind, worker, entries, last_at_ms)"
            + " SELECT at_ms / 60000, kind, worker, COUNT(*), MAX(at_ms) FROM trail_event"
            + " GROUP BY at_ms / 60000, kind, worker";

    /** One row of the aggregate. */
    private record Key(long minute, String kind, String worker) {}

    private static final class Sum {
        long entries;
        long lastAtMs = Long.MIN_VALUE;
    }

    private final Map<Key, Sum> pending = new LinkedHashMap<>();

    /** Counts one entry of the batch being written. */
    void add(long atMs, String kind, String worker) {
        Sum sum = pending.computeIfAbsent(new Key(Math.floorDiv(atMs, 60_000), kind, worker), k -> new Sum());
        sum.entries++;
        sum.lastAtMs = Math.max(sum.lastAtMs, atMs);
    }

    /** Adds the batch's counts to the table, inside the caller's transaction, and starts a new batch. */
    void write(Connection connection, TrailDatabaseKind database) throws SQLException {
        try {
            if (database == TrailDatabaseKind.POSTGRESQL) {
                upsertPostgresql(connection);
            } else {
                updateThenInsert(connection);
            }
        } finally {
            pending.clear();
        }
    }

    /** Drops what was counted (the batch was rolled back). */
    void clear() {
        pending.clear();
    }

    // Several gateways may share one PostgreSQL trail: ON CONFLICT adds to a row another one inserted meanwhile.
    private void upsertPostgresql(Connection connection) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO trail_minute (at_minute, kind,"
                + " worker, entries, last_at_ms) VALUES (?, ?, ?, ?, ?) ON CONFLICT (at_minute, kind, worker) DO UPDATE"
                + " SET entries = trail_minute.entries + EXCLUDED.entries,"
                + " last_at_ms = GREATEST(trail_minute.last_at_ms, EXCLUDED.last_at_ms)")) {
            for (Map.Entry<Key, Sum> row : pending.entrySet()) {
                upsert.setLong(1, row.getKey().minute());
                upsert.setString(2, row.getKey().kind());
                upsert.setString(3, row.getKey().worker());
                upsert.setLong(4, row.getValue().entries);
                upsert.setLong(5, row.getValue().lastAtMs);
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }

    // The embedded H2 file belongs to one gateway process and its one trail writer: nothing inserts in between.
    private void updateThenInsert(Connection connection) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE trail_minute SET entries = entries + ?,"
                        + " last_at_ms = GREATEST(last_at_ms, ?) WHERE at_minute = ? AND kind = ? AND worker = ?");
                PreparedStatement insert = connection.prepareStatement("INSERT INTO trail_minute (at_minute, kind,"
                        + " worker, entries, last_at_ms) VALUES (?, ?, ?, ?, ?)")) {
            for (Map.Entry<Key, Sum> row : pending.entrySet()) {
                update.setLong(1, row.getValue().entries);
                update.setLong(2, row.getValue().lastAtMs);
                update.setLong(3, row.getKey().minute());
                update.setString(4, row.getKey().kind());
                update.setString(5, row.getKey().worker());
                if (update.executeUpdate() == 0) {
                    insert.setLong(1, row.getKey().minute());
                    insert.setString(2, row.getKey().kind());
                    insert.setString(3, row.getKey().worker());
                    insert.setLong(4, row.getValue().entries);
                    insert.setLong(5, row.getValue().lastAtMs);
                    insert.executeUpdate();
                }
            }
        }
    }

    /**
     * Fills an empty aggregate from the entries already kept (a trail written before the aggregate existed); returns
     * the rows made. Runs once, when the schema is opened and nothing writes yet.
     */
    static int backfillIfEmpty(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            try (ResultSet any = statement.executeQuery("SELECT 1 FROM trail_minute FETCH FIRST 1 ROWS ONLY")) {
                if (any.next()) {
                    return 0;
                }
            }
            return statement.executeUpdate(BACKFILL);
        }
    }

    /**
     * Follows the retention's cut at {@code beforeMs} (entries older than it were just deleted): removes the minutes
     * up to the one the cut falls in and counts that one again from the entries left, so the counts stay exact.
     */
    static void prune(Connection connection, long beforeMs) throws SQLException {
        long cutMinute = Math.floorDiv(beforeMs, 60_000);
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM trail_minute WHERE at_minute <= ?");
                PreparedStatement recount = connection.prepareStatement(
                        BACKFILL.replace("GROUP BY", "WHERE at_ms >= ? AND at_ms < ? GROUP BY"))) {
            delete.setLong(1, cutMinute);
            delete.executeUpdate();
            recount.setLong(1, beforeMs);
            recount.setLong(2, (cutMinute + 1) * 60_000);
            recount.executeUpdate();
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }
}
