package org.deblurgateway.dicom.scp;

import java.net.SocketAddress;

/**
 * What the listener tells its owner about peers it turned away for security reasons (the audit trail listens). Called
 * on the association's thread after the peer was answered; implementations must be quick and must not throw.
 */
public interface ListenerEvents {

    /** A peer's A-ASSOCIATE-RQ was rejected because of who it is or whom it called. */
    void associationRefused(RefusedAssociation refused);

    /** A peer on the TLS port did not complete the handshake ({@code reason}: the TLS layer's words). */
    void tlsHandshakeFailed(SocketAddress peer, String reason);

    /** Nobody listens. */
    static ListenerEvents none() {
        return new ListenerEvents() {
            @Override
            public void associationRefused(RefusedAssociation refused) {}

            @Override
            public void tlsHandshakeFailed(SocketAddress peer, String reason) {}
        };
    }

    /** Why an association was refused: the security-relevant cases only. */
    enum Refusal {
        CALLED_AE_NOT_OURS,
        CALLING_AE_NOT_ALLOWED,
        CERTIFICATE_SUBJECT_NOT_ALLOWED
    }

    /**
     * @param clientSubject the TLS client certificate's subject (RFC 2253), "" on the plain port or without one
     */
    record RefusedAssociation(
            SocketAddress peer, String callingAeTitle, String calledAeTitle, Refusal refusal, String clientSubject) {}
}
