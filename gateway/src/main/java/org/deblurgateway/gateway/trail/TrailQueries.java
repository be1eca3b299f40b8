package org.deblurgateway.gateway.trail;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.deblurgateway.routes.rules.ObjectAttributes;

/**
 * What the console reads from the trail; every query is bounded and uses an index, and the Overview's counts come
 * from the per-minute aggregate ({@link TrailMinuteCounts}), not from the entries.
 */
@ApplicationScoped
public class TrailQueries {

    /** Which attribute a study search looks at. */
    public enum SearchKey {
        STUDY_INSTANCE_UID,
        ACCESSION_NUMBER,
        PATIENT_ID
    }

    public record StudyRow(
            String studyInstanceUid,
            String patientId,
            String patientName,
            String accessionNumber,
            String studyDescription,
            int instances,
            Instant lastReceived) {}

    public record InstanceRow(
            String sopInstanceUid,
            String seriesInstanceUid,
            String seriesDescription,
            String modality,
            String callingAeTitle,
            String transferSyntaxUid,
            Instant received,
            String rule,
            String action,
            String state,
            String derivedSopInstanceUid,
            String patientId,
            String patientName,
            String accessionNumber,
            String studyInstanceUid) {}

    public record EventRow(Instant at, String kind, String summary) {}

    /**
     * What the routing rules looked at for a received instance, for the console's dry run. Body Part Examined is
     * absent for instances recorded before the trail kept it.
     */
    public record MatchSample(String sopInstanceUid, Instant received, String rule, ObjectAttributes attributes) {}

    /** Counts of one kind per minute, oldest first. */
    public record MinuteCounts(long firstMinute, Map<String, long[]> perKind) {}

    private static final String INSTANCE_COLUMNS = "sop_instance_uid, series_instance_uid, series_description,"
            + " modality, calling_ae_title, transfer_syntax_uid, received_at, rule_name, action, state,"
            + " derived_sop_instance_uid, patient_id, patient_name, accession_number, study_instance_uid";

    private final TrailDatabase database;

    public TrailQueries(TrailDatabase database) {
        this.database = database;
    }

    /**
     * Trail entries per kind since {@code since}: the whole minutes from the per-minute counts, the part of a minute
     * at the window's start from the entries themselves (an indexed range of under a minute).
     */
    public Map<String, Long> countsSince(Instant since) throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        long sinceMs = since.toEpochMilli();
        long firstWholeMinute = Math.floorDiv(sinceMs + 59_999, 60_000);
        try (Connection c = database.connection();
                PreparedStatement whole = c.prepareStatement(
                        "SELECT kind, SUM(entries) FROM trail_minute WHERE at_minute >= ? GROUP BY kind");
                PreparedStatement part = c.prepareStatement(
                        "SELECT kind, COUNT(*) FROM trail_event" + " WHERE at_ms >= ? AND at_ms < ? GROUP BY kind")) {
            whole.setLong(1, firstWholeMinute);
            addCounts(whole, counts);
            part.setLong(1, sinceMs);
            part.setLong(2, firstWholeMinute * 60_000);
            addCounts(part, counts);
        }
        return counts;
    }

    private static void addCounts(PreparedStatement query, Map<String, Long> counts) throws SQLException {
        try (ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                counts.merge(rows.getString(1), rows.getLong(2), Long::sum);
            }
        }
    }

    /** Per-minute counts of each kind over the last {@code minutes} minutes up to {@code now}. */
    public MinuteCounts perMinute(Instant now, int minutes) throws SQLException {
        long lastMinute = now.toEpochMilli() / 60_000;
        long firstMinute = lastMinute - minutes + 1;
        Map<String, long[]> perKind = new TreeMap<>();
        try (Connection c = database.connection();
                PreparedStatement q = c.prepareStatement("SELECT kind, at_minute, SUM(entries) FROM trail_minute"
                        + " WHERE at_minute >= ? AND at_minute <= ? GROUP BY kind, at_minute")) {
            q.setLong(1, firstMinute);
            q.setLong(2, lastMinute);
            try (ResultSet rows = q.executeQuery()) {
                while (rows.next()) {
                    int slot = (int) (rows.getLong(2) - firstMinute);
                    if (slot >= 0 && slot < minutes) {
                        perKind.computeIfAbsent(rows.getString(1), k -> new long[minutes])[slot] += rows.getLong(3);
                    }
                }
            }
        }
        return new MinuteCounts(firstMinute, perKind);
    }

    /** Frames one worker reported since a moment: deblurred, failed, and when its last one came back. */
    public record WorkerFrames(String worker, long deblurred, long failed, Instant lastFrame) {}

    /**
     * Frames per worker since {@code since} (workers that reported none are absent), busiest first; whole minutes
     * from the per-minute counts, the part of a minute at the window's start from the entries.
     */
    public List<WorkerFrames> framesPerWorker(Instant since) throws SQLException {
        long sinceMs = since.toEpochMilli();
        long firstWholeMinute = Math.floorDiv(sinceMs + 59_999, 60_000);
        Map<String, long[]> perWorker = new TreeMap<>(); // deblurred, failed, last frame (ms)
        try (Connection c = database.connection();
                PreparedStatement whole = c.prepareStatement("SELECT worker,"
                        + " SUM(CASE WHEN kind = ? THEN entries ELSE 0 END),"
                        + " SUM(CASE WHEN kind = ? THEN entries ELSE 0 END), MAX(last_at_ms) FROM trail_minute"
                        + " WHERE at_minute >= ? AND kind IN (?, ?) GROUP BY worker");
                PreparedStatement part = c.prepareStatement("SELECT worker,"
                        + " SUM(CASE WHEN kind = ? THEN 1 ELSE 0 END), SUM(CASE WHEN kind = ? THEN 1 ELSE 0 END),"
                        + " MAX(at_ms) FROM trail_event WHERE at_ms >= ? AND at_ms < ? AND kind IN (?, ?)"
                        + " GROUP BY worker")) {
            whole.setString(1, TrailKind.FRAME_DEBLURRED);
            whole.setString(2, TrailKind.FRAME_FAILED);
            whole.setLong(3, firstWholeMinute);
            whole.setString(4, TrailKind.FRAME_DEBLURRED);
            whole.setString(5, TrailKind.FRAME_FAILED);
            addFrames(whole, perWorker);
            part.setString(1, TrailKind.FRAME_DEBLURRED);
            part.setString(2, TrailKind.FRAME_FAILED);
            part.setLong(3, sinceMs);
            part.setLong(4, firstWholeMinute * 60_000);
            part.setString(5, TrailKind.FRAME_DEBLURRED);
            part.setString(6, TrailKind.FRAME_FAILED);
            addFrames(part, perWorker);
        }
        List<WorkerFrames> workers = new ArrayList<>();
        perWorker.forEach((worker, n) -> workers.add(new WorkerFrames(worker, n[0], n[1], Instant.ofEpochMilli(n[2]))));
        workers.sort(Comparator.comparingLong((WorkerFrames w) -> w.deblurred() + w.failed())
                .reversed()
                .thenComparing(WorkerFrames::worker));
        return workers;
    }

    private static void addFrames(PreparedStatement query, Map<String, long[]> perWorker) throws SQLException {
        try (ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                long[] n = perWorker.computeIfAbsent(rows.getString(1), w -> new long[] {0, 0, Long.MIN_VALUE});
                n[0] += rows.getLong(2);
                n[1] += rows.getLong(3);
                n[2] = Math.max(n[2], rows.getLong(4));
            }
        }
    }

    /** The most recently received studies, or those whose {@code key} equals {@code value}. */
    public List<StudyRow> studies(Optional<SearchKey> key, String value, int limit) throws SQLException {
        String where = key.map(k -> switch (k) {
                    case STUDY_INSTANCE_UID -> " AND study_instance_uid = ?";
                    case ACCESSION_NUMBER -> " AND accession_number = ?";
                    case PATIENT_ID -> " AND patient_id = ?";
                })
                .orElse("");
        List<StudyRow> studies = new ArrayList<>();
        try (Connection c = database.connection();
                PreparedStatement q = c.prepareStatement(
                        "SELECT study_instance_uid, MAX(patient_id), MAX(patient_name), MAX(accession_number),"
                                + " MAX(study_description), COUNT(*), MAX(received_at) FROM trail_instance"
                                + " WHERE received_at > 0" + where + " GROUP BY study_instance_uid"
                                + " ORDER BY MAX(received_at) DESC LIMIT ?")) {
            int i = 1;
            if (key.isPresent()) {
                q.setString(i++, value.trim());
            }
            q.setInt(i, limit);
            try (ResultSet rows = q.executeQuery()) {
                while (rows.next()) {
                    studies.add(new StudyRow(
                            rows.getString(1),
                            rows.getString(2),
                            rows.getString(3),
                            rows.getString(4),
                            rows.getString(5),
                            rows.getInt(6),
                            Instant.ofEpochMilli(rows.getLong(7))));
                }
            }
        }
        return studies;
    }

    /** The instances of a study, by series then time of receipt. */
    public List<InstanceRow> instancesOfStudy(String studyInstanceUid) throws SQLException {
        return instances("study_instance_uid = ? ORDER BY series_instance_uid, received_at", studyInstanceUid);
    }

    public Optional<InstanceRow> instance(String sopInstanceUid) throws SQLException {
        return instances("sop_instance_uid = ?", sopInstanceUid).stream().findFirst();
    }

    /** Every trail entry of an instance, oldest first (forwards of its derived instance included). */
    public List<EventRow> trail(String sopInstanceUid) throws SQLException {
        List<EventRow> events = new ArrayList<>();
        try (Connection c = database.connection();
                PreparedStatement q = c.prepareStatement(
                        "SELECT at_ms, kind, summary FROM trail_event WHERE sop_instance_uid = ? ORDER BY at_ms, id")) {
            q.setString(1, sopInstanceUid);
            try (ResultSet rows = q.executeQuery()) {
                while (rows.next()) {
                    events.add(
                            new EventRow(Instant.ofEpochMilli(rows.getLong(1)), rows.getString(2), rows.getString(3)));
                }
            }
        }
        return events;
    }

    /** The match attributes of the most recently received instances, newest first. */
    public List<MatchSample> recentMatchSamples(int limit) throws SQLException {
        return matchSamples("received_at > 0 ORDER BY received_at DESC LIMIT ?", q -> q.setInt(1, limit));
    }

    /** The match attributes of one received instance. */
    public Optional<MatchSample> matchSample(String sopInstanceUid) throws SQLException {
        return matchSamples("sop_instance_uid = ? AND received_at > 0", q -> q.setString(1, sopInstanceUid.trim()))
                .stream()
                .findFirst();
    }

    private interface Binder {
        void bind(PreparedStatement query) throws SQLException;
    }

    private List<MatchSample> matchSamples(String condition, Binder binder) throws SQLException {
        List<MatchSample> samples = new ArrayList<>();
        try (Connection c = database.connection();
                PreparedStatement q = c.prepareStatement(
                        "SELECT sop_instance_uid, received_at, rule_name, calling_ae_title, called_ae_title, modality,"
                                + " sop_class_uid, body_part_examined, series_description, study_description"
                                + " FROM trail_instance WHERE " + condition)) {
            binder.bind(q);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    samples.add(new MatchSample(
                            r.getString(1),
                            Instant.ofEpochMilli(r.getLong(2)),
                            r.getString(3),
                            new ObjectAttributes(
                                    absent(r.getString(4)),
                                    absent(r.getString(5)),
                                    absent(r.getString(6)),
                                    absent(r.getString(7)),
                                    absent(r.getString(8)),
                                    absent(r.getString(9)),
                                    absent(r.getString(10)))));
                }
            }
        }
        return samples;
    }

    /** The trail stores an absent attribute as ""; the rules treat it as absent. */
    private static String absent(String stored) {
        return stored == null || stored.isEmpty() ? null : stored;
    }

    private List<InstanceRow> instances(String condition, String value) throws SQLException {
        List<InstanceRow> instances = new ArrayList<>();
        try (Connection c = database.connection();
                PreparedStatement q =
                        c.prepareStatement("SELECT " + INSTANCE_COLUMNS + " FROM trail_instance WHERE " + condition)) {
            q.setString(1, value);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    instances.add(new InstanceRow(
                            r.getString(1),
                            r.getString(2),
                            r.getString(3),
                            r.getString(4),
                            r.getString(5),
                            r.getString(6),
                            Instant.ofEpochMilli(r.getLong(7)),
                            r.getString(8),
                            r.getString(9),
                            r.getString(10),
                            r.getString(11),
                            r.getString(12),
                            r.getString(13),
                            r.getString(14),
                            r.getString(15)));
                }
            }
        }
        return instances;
    }
}
