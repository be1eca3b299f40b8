package org.deblurgateway.dicom.scp;

import java.util.Optional;
import org.deblurgateway.dicom.commitment.CommitmentRequests;
import org.deblurgateway.dicom.tls.TlsListenerSettings;

/**
 * What a listener serves beyond plain C-ECHO and C-STORE.
 *
 * @param tls         a TLS port beside the plain one (or instead, see {@link TlsListenerSettings#plainPortOpen()})
 * @param caps        each calling address's and AE title's share of the association pool
 * @param observer    told about associations, C-STORE answers and refused peers (metrics, audit trail)
 * @param commitments when present, the Storage Commitment Push Model SCP is served and its requests go here
 */
public record ListenerOptions(
        Optional<TlsListenerSettings> tls,
        AssociationCaps caps,
        ListenerObserver observer,
        Optional<CommitmentRequests> commitments) {

    /** Plain port only, no caps, nobody observing, no Storage Commitment. */
    public static ListenerOptions none() {
        return new ListenerOptions(Optional.empty(), AssociationCaps.none(), ListenerObserver.NONE, Optional.empty());
    }

    public ListenerOptions withTls(TlsListenerSettings settings) {
        return new ListenerOptions(Optional.of(settings), caps, observer, commitments);
    }

    public ListenerOptions withCaps(AssociationCaps newCaps) {
        return new ListenerOptions(tls, newCaps, observer, commitments);
    }

    public ListenerOptions withObserver(ListenerObserver newObserver) {
        return new ListenerOptions(tls, caps, newObserver, commitments);
    }

    public ListenerOptions withCommitments(CommitmentRequests requests) {
        return new ListenerOptions(tls, caps, observer, Optional.of(requests));
    }
}
