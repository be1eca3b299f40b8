package org.deblurgateway.gateway.audit;

import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Instant;
import org.deblurgateway.dicom.scp.ListenerObserver;

/** Security Alerts for the peers the DICOM listener refuses: unknown AE titles, failed TLS, a certificate not allowed. */
@ApplicationScoped
public class ListenerAudit implements ListenerObserver {

    private final AuditLog audit;

    public ListenerAudit(AuditLog audit) {
        this.audit = audit;
    }

    @Override
    public void associationRefused(RefusedAssociation refused) {
        String host = host(refused.peer());
        String alert = switch (refused.refusal()) {
            case CALLED_AE_NOT_OURS ->
                "association rejected: called AE title " + refused.calledAeTitle() + " is not ours";
            case CALLING_AE_NOT_ALLOWED ->
                "association rejected: calling AE title " + refused.callingAeTitle() + " is not allowed";
            case CERTIFICATE_SUBJECT_NOT_ALLOWED ->
                "association rejected: client certificate "
                        + (refused.clientSubject().isEmpty() ? "(none)" : refused.clientSubject())
                        + " is not allowed for calling AE title " + refused.callingAeTitle();
        };
        String user = refused.callingAeTitle().isBlank() ? host : refused.callingAeTitle();
        audit.record(m -> m.securityAlert(Instant.now(), user, host, alert));
    }

    @Override
    public void tlsHandshakeFailed(SocketAddress peer, String reason) {
        String host = host(peer);
        audit.record(m -> m.securityAlert(Instant.now(), host, host, "TLS handshake failed: " + reason));
    }

    /** The peer's IP address as text (no name lookup: it would stall the listener on a slow DNS). */
    static String host(SocketAddress peer) {
        if (peer instanceof InetSocketAddress inet) {
            return inet.getAddress() != null ? inet.getAddress().getHostAddress() : inet.getHostString();
        }
        return String.valueOf(peer);
    }
}
