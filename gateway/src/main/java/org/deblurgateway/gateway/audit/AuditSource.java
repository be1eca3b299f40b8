package org.deblurgateway.gateway.audit;

/**
 * Who reports (AuditSourceIdentification) and how the gateway appears as an active participant.
 *
 * @param sourceId         AuditSourceID: the configured id, by default the host name
 * @param enterpriseSiteId AuditEnterpriseSiteID, null when not configured
 * @param applicationName  the gateway's UserID as a process (also the syslog APP-NAME)
 * @param aeTitles         the listener's AE titles, as AlternativeUserID ({@code AETITLES=A;B}, A.5.2.1)
 * @param host             this machine's name, the gateway's NetworkAccessPointID
 */
public record AuditSource(
        String sourceId, String enterpriseSiteId, String applicationName, String aeTitles, String host) {

    /** The gateway itself as an active participant with {@code role} (null: none). */
    AuditMessageBuilder.Participant asParticipant(boolean requestor, AuditCode role) {
        return new AuditMessageBuilder.Participant(applicationName, aeTitles, requestor, host, role);
    }
}
