package org.deblurgateway.gateway.trail;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.deblurgateway.routes.events.PipelineEvent;

/**
 * One {@code trail_instance} row while a batch of events is applied to it: read once, changed in memory by each of
 * the batch's events for that instance in their order, written once. An object's receipt, rule and outcome usually
 * arrive in the same batch, and each row write updates seven indexes, so one write per instance instead of one per
 * event is most of what the trail costs the pipeline's CPU.
 */
final class TrailInstanceRow {

    private static final String COLUMNS = "study_instance_uid, series_instance_uid, sop_class_uid,"
            + " transfer_syntax_uid, modality, calling_ae_title, called_ae_title, bytes, patient_id, patient_name,"
            + " accession_number, study_description, series_description, received_at, updated_at, rule_name, action,"
            + " state, derived_sop_instance_uid, body_part_examined";

    private final String sopInstanceUid;
    private final boolean stored;
    private String study = "";
    private String series = "";
    private String sopClass = "";
    private String transferSyntax = "";
    private String modality = "";
    private String callingAe = "";
    private String calledAe = "";
    private long bytes = -1;
    private String patientId = "";
    private String patientName = "";
    private String accession = "";
    private String studyDescription = "";
    private String seriesDescription = "";
    private long receivedAt;
    private long updatedAt;
    private String rule = "";
    private String action = "";
    private String state = "";
    private String derived = "";
    private String bodyPart = "";
    /** Whether the row exists (in the database or from an earlier event of the batch). */
    private boolean present;

    private TrailInstanceRow(String sopInstanceUid, boolean stored) {
        this.sopInstanceUid = sopInstanceUid;
        this.stored = stored;
        this.present = stored;
    }

    /** The row of {@code sopInstanceUid} as the database has it, or an absent one. */
    static TrailInstanceRow load(Connection connection, String sopInstanceUid) throws SQLException {
        try (PreparedStatement query =
                connection.prepareStatement("SELECT " + COLUMNS + " FROM trail_instance WHERE sop_instance_uid = ?")) {
            query.setString(1, sopInstanceUid);
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    return new TrailInstanceRow(sopInstanceUid, false);
                }
                TrailInstanceRow row = new TrailInstanceRow(sopInstanceUid, true);
                int i = 1;
                row.study = rows.getString(i++);
                row.series = rows.getString(i++);
                row.sopClass = rows.getString(i++);
                row.transferSyntax = rows.getString(i++);
                row.modality = rows.getString(i++);
                row.callingAe = rows.getString(i++);
                row.calledAe = rows.getString(i++);
                row.bytes = rows.getLong(i++);
                row.patientId = rows.getString(i++);
                row.patientName = rows.getString(i++);
                row.accession = rows.getString(i++);
                row.studyDescription = rows.getString(i++);
                row.seriesDescription = rows.getString(i++);
                row.receivedAt = rows.getLong(i++);
                row.updatedAt = rows.getLong(i++);
                row.rule = rows.getString(i++);
                row.action = rows.getString(i++);
                row.state = rows.getString(i++);
                row.derived = rows.getString(i++);
                row.bodyPart = rows.getString(i);
                return row;
            }
        }
    }

    /**
     * The receipt. The routes may report the rule before the listener's thread reports the receipt: a row made by a
     * later event (received_at 0) keeps its state; a second copy of a received instance starts afresh.
     */
    void received(PipelineEvent.Received r) {
        long at = r.at().toEpochMilli();
        if (!present) {
            rule = "";
            action = "";
            state = "received";
            derived = "";
            bodyPart = "";
        } else if (receivedAt != 0) {
            state = "received";
        }
        study = clip(r.object().studyInstanceUid(), 64);
        series = clip(r.object().seriesInstanceUid(), 64);
        sopClass = clip(r.sopClassUid(), 64);
        transferSyntax = clip(r.transferSyntaxUid(), 64);
        modality = clip(r.modality(), 16);
        callingAe = clip(r.callingAeTitle(), 16);
        calledAe = clip(r.calledAeTitle(), 16);
        bytes = r.bytes();
        patientId = clip(r.patientId(), 64);
        patientName = clip(r.patientName(), 400);
        accession = clip(r.accessionNumber(), 64);
        studyDescription = clip(r.studyDescription(), 400);
        seriesDescription = clip(r.seriesDescription(), 400);
        receivedAt = at;
        updatedAt = at;
        present = true;
    }

    /** A later step's event: each value given (non-null) replaces the row's; a row first made here is not received. */
    void update(
            PipelineEvent event,
            long at,
            String newState,
            String newRule,
            String newAction,
            String newDerived,
            String newBodyPart) {
        if (!present) {
            study = clip(event.object().studyInstanceUid(), 64);
            series = clip(event.object().seriesInstanceUid(), 64);
            present = true;
        }
        updatedAt = at;
        state = newState != null ? newState : state;
        rule = newRule != null ? clip(newRule, 64) : rule;
        action = newAction != null ? clip(newAction, 16) : action;
        derived = newDerived != null ? newDerived : derived;
        bodyPart = newBodyPart != null ? clip(newBodyPart, 16) : bodyPart;
    }

    /** Writes the row: an update of the stored one, else an insert. */
    void write(Connection connection) throws SQLException {
        String sql = stored
                ? "UPDATE trail_instance SET " + COLUMNS.replace(",", " = ?,") + " = ? WHERE sop_instance_uid = ?"
                : "INSERT INTO trail_instance (" + COLUMNS + ", sop_instance_uid) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?,"
                        + " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            int i = 1;
            statement.setString(i++, study);
            statement.setString(i++, series);
            statement.setString(i++, sopClass);
            statement.setString(i++, transferSyntax);
            statement.setString(i++, modality);
            statement.setString(i++, callingAe);
            statement.setString(i++, calledAe);
            statement.setLong(i++, bytes);
            statement.setString(i++, patientId);
            statement.setString(i++, patientName);
            statement.setString(i++, accession);
            statement.setString(i++, studyDescription);
            statement.setString(i++, seriesDescription);
            statement.setLong(i++, receivedAt);
            statement.setLong(i++, updatedAt);
            statement.setString(i++, rule);
            statement.setString(i++, action);
            statement.setString(i++, state);
            statement.setString(i++, derived);
            statement.setString(i++, bodyPart);
            statement.setString(i, sopInstanceUid);
            statement.executeUpdate();
        }
    }

    static String clip(String text, int length) {
        if (text == null) {
            return "";
        }
        return text.length() <= length ? text : text.substring(0, length);
    }
}
