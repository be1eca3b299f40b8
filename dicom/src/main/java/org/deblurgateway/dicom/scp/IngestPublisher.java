package org.deblurgateway.dicom.scp;

/** Opens {@link IngestChannel}s; the listener opens one lazily per association, on its first C-STORE. */
@FunctionalInterface
public interface IngestPublisher {

    IngestChannel open() throws IngestException;

    /**
     * Opens a channel for the objects of a peer at {@code peerAddress} (its IP address as text; empty when the objects
     * come by other means than an association). Publishers that do not care about the peer open the same channel.
     */
    default IngestChannel open(String peerAddress) throws IngestException {
        return open();
    }
}
