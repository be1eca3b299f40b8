package org.deblurgateway.gateway.audit;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deblurgateway.gateway.audit.AuditMessageBuilder.Outcome;
import org.deblurgateway.gateway.audit.AuditMessageBuilder.Participant;

/**
 * The audit messages the gateway emits, one method per PS3.15 A.5.3 event, each with the participants and objects
 * that section asks for. PHI appears only where A.5.3 makes it mandatory: the Patient ID of DICOM Instances
 * Transferred / Accessed (never the patient's name), and the words a console user searched for in a Query.
 */
public final class AuditMessages {

    private final AuditSource source;

    public AuditMessages(AuditSource source) {
        this.source = source;
    }

    /** A DICOM peer, as an active participant (UserID: its AE title; AlternativeUserID: the same, A.5.2.1). */
    public record Peer(String aeTitle, String host) {}

    /** Instances of one study and one patient moved over one association. */
    public record StudyInstances(
            String studyInstanceUid, String patientId, List<AuditMessageBuilder.SopClassInstances> sopClasses) {}

    /** A.5.3.1 Application Activity: the gateway started (110120) or is stopping (110121). */
    public AuditMessage applicationActivity(Instant at, boolean start, String launcher) {
        AuditMessageBuilder b = new AuditMessageBuilder(AuditCode.APPLICATION_ACTIVITY, "E", at, Outcome.SUCCESS)
                .eventType(start ? AuditCode.APPLICATION_START : AuditCode.APPLICATION_STOP)
                .participant(source.asParticipant(false, AuditCode.APPLICATION))
                .participant(new Participant(launcher, null, true, null, AuditCode.APPLICATION_LAUNCHER))
                .source(source);
        return b.build(start ? "application start" : "application stop");
    }

    /**
     * A.5.3.12 Security Alert, Node Authentication (110126): a peer was refused (unknown called or calling AE, a TLS
     * handshake that failed, a certificate subject not allowed). {@code peerUser} is the calling AE when one was sent,
     * otherwise the peer's address.
     */
    public AuditMessage securityAlert(Instant at, String peerUser, String peerHost, String alert) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("Alert Description", alert);
        return new AuditMessageBuilder(AuditCode.SECURITY_ALERT, "E", at, Outcome.MINOR_FAILURE)
                .eventType(AuditCode.NODE_AUTHENTICATION)
                .outcomeDescription(alert)
                .participant(source.asParticipant(false, null))
                .participant(new Participant(peerUser, null, true, peerHost, null))
                .source(source)
                .systemObject(peerHost, "13", AuditCode.NODE_ID, null, details)
                .build("security alert");
    }

    /**
     * A.5.3.2 DICOM Instances Transferred, action C: a modality stored instances with us (we hold the only copy now).
     * One message per study of an association.
     */
    public AuditMessage instancesReceived(Instant at, Peer from, String calledAe, StudyInstances study) {
        return transferred(
                at,
                "C",
                new Participant(from.aeTitle(), from.aeTitle(), true, from.host(), AuditCode.SOURCE),
                new Participant(
                        source.applicationName(), "AETITLES=" + calledAe, false, source.host(), AuditCode.DESTINATION),
                study,
                Outcome.SUCCESS,
                null,
                "instances received");
    }

    /**
     * A.5.3.2 DICOM Instances Transferred, action R: we sent a copy of instances we hold to a destination (one
     * association per instance and destination). {@code failure}: null when delivered, else why it was given up.
     */
    public AuditMessage instancesForwarded(
            Instant at, String callingAe, Peer to, StudyInstances study, String failure) {
        return transferred(
                at,
                "R",
                new Participant(
                        source.applicationName(), "AETITLES=" + callingAe, true, source.host(), AuditCode.SOURCE),
                new Participant(to.aeTitle(), to.aeTitle(), false, to.host(), AuditCode.DESTINATION),
                study,
                failure == null ? Outcome.SUCCESS : Outcome.SERIOUS_FAILURE,
                failure,
                failure == null ? "instances forwarded" : "forward given up");
    }

    /** A.5.3.3 DICOM Instances Accessed, action C: the gateway created a derived (deblurred) instance in a study. */
    public AuditMessage instanceDerived(Instant at, StudyInstances derived) {
        return new AuditMessageBuilder(AuditCode.INSTANCES_ACCESSED, "C", at, Outcome.SUCCESS)
                .participant(source.asParticipant(true, null))
                .source(source)
                .study(derived.studyInstanceUid(), derived.sopClasses())
                .patient(derived.patientId())
                .build("instance derived");
    }

    /** A.5.3.8 User Authentication: a console login (or a failed one) or logout. */
    public AuditMessage userAuthentication(Instant at, boolean login, String user, String clientHost, String failure) {
        return new AuditMessageBuilder(
                        AuditCode.USER_AUTHENTICATION,
                        "E",
                        at,
                        failure == null ? Outcome.SUCCESS : Outcome.MINOR_FAILURE)
                .eventType(login ? AuditCode.LOGIN : AuditCode.LOGOUT)
                .outcomeDescription(failure)
                .participant(new Participant(user, null, true, clientHost, null))
                .participant(source.asParticipant(false, null))
                .source(source)
                .build(failure != null ? "login failed" : login ? "login" : "logout");
    }

    /**
     * A.5.3.9 Query: a console user searched the studies ({@code query}: the request's query string, kept base64
     * encoded as ParticipantObjectQuery). The console search is not a DICOM query, so the object is named by its URI.
     */
    public AuditMessage query(Instant at, String user, String clientHost, String uri, String query) {
        return new AuditMessageBuilder(AuditCode.QUERY, "E", at, Outcome.SUCCESS)
                .participant(new Participant(user, null, true, clientHost, AuditCode.SOURCE))
                .participant(source.asParticipant(false, AuditCode.DESTINATION))
                .source(source)
                .systemObject(uri, "3", AuditCode.URI, query, Map.of())
                .build("query");
    }

    private AuditMessage transferred(
            Instant at,
            String action,
            Participant sender,
            Participant receiver,
            StudyInstances study,
            Outcome outcome,
            String failure,
            String kind) {
        return new AuditMessageBuilder(AuditCode.INSTANCES_TRANSFERRED, action, at, outcome)
                .outcomeDescription(failure)
                .participant(sender)
                .participant(receiver)
                .source(source)
                .study(study.studyInstanceUid(), study.sopClasses())
                .patient(study.patientId())
                .build(kind);
    }
}
