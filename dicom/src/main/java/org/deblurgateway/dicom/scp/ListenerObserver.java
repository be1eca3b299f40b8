package org.deblurgateway.dicom.scp;

import java.net.SocketAddress;
import java.util.List;
import org.deblurgateway.dicom.net.AssociationRejection;

/**
 * What the listener tells its owner about its work: associations accepted and rejected, each C-STORE's answer with
 * the time from its command to its response (the metrics count these), and the peers it turned away for security
 * reasons (the audit trail records these). Called on the association's thread after the peer was answered, so an
 * implementation must be quick and must not block or throw; each method it does not care about does nothing.
 */
public interface ListenerObserver {

    /** Observes nothing: listeners built without an observer. */
    ListenerObserver NONE = new ListenerObserver() {};

    /** An A-ASSOCIATE-AC went out. */
    default void associationAccepted() {}

    /** An A-ASSOCIATE-RJ went out, for {@code reason}. */
    default void associationRejected(AssociationRejection reason) {}

    /**
     * A C-STORE-RSP went out with {@code status}, {@code nanos} after its C-STORE-RQ command arrived (the data set's
     * transfer, the fsync and the broker commit included).
     */
    default void storeAnswered(int status, long nanos) {}

    /** A peer's A-ASSOCIATE-RQ was rejected because of who it is or whom it called. */
    default void associationRefused(RefusedAssociation refused) {}

    /** A peer on the TLS port did not complete the handshake ({@code reason}: the TLS layer's words). */
    default void tlsHandshakeFailed(SocketAddress peer, String reason) {}

    /** Tells each of {@code observers}, in this order. */
    static ListenerObserver all(ListenerObserver... observers) {
        List<ListenerObserver> each = List.of(observers);
        return new ListenerObserver() {
            @Override
            public void associationAccepted() {
                each.forEach(ListenerObserver::associationAccepted);
            }

            @Override
            public void associationRejected(AssociationRejection reason) {
                each.forEach(o -> o.associationRejected(reason));
            }

            @Override
            public void storeAnswered(int status, long nanos) {
                each.forEach(o -> o.storeAnswered(status, nanos));
            }

            @Override
            public void associationRefused(RefusedAssociation refused) {
                each.forEach(o -> o.associationRefused(refused));
            }

            @Override
            public void tlsHandshakeFailed(SocketAddress peer, String reason) {
                each.forEach(o -> o.tlsHandshakeFailed(peer, reason));
            }
        };
    }

    /** Success, warning or failure, as PS3.7 Annex C groups DIMSE statuses. */
    static String statusClass(int status) {
        if (status == DicomStatus.SUCCESS) {
            return "success";
        }
        if (status == 0x0001 || (status & 0xF000) == 0xB000) {
            return "warning";
        }
        return "failure";
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
