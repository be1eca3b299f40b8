package org.deblurgateway.dicom.scu;

import java.util.Objects;
import java.util.Optional;

/**
 * A C-STORE destination: a peer AE by its local name, its address, and the AE title we call it from.
 *
 * @param name           local name of the peer (the rules file's destination name; also its outbound folder)
 * @param calledAeTitle  the peer's (called) AE title
 * @param host           host name or address
 * @param port           TCP port
 * @param callingAeTitle our AE title towards this peer, when it differs from the sender's default
 * @param tls            whether associations with this peer run over DICOM TLS
 */
public record Destination(
        String name, String calledAeTitle, String host, int port, Optional<String> callingAeTitle, boolean tls) {

    /** A destination reached over plain DICOM. */
    public Destination(String name, String calledAeTitle, String host, int port, Optional<String> callingAeTitle) {
        this(name, calledAeTitle, host, port, callingAeTitle, false);
    }

    public Destination {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(calledAeTitle, "calledAeTitle");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(callingAeTitle, "callingAeTitle");
    }

    /** The peer as DICOM knows it: {@code AE@host:port}. */
    public String address() {
        return calledAeTitle + "@" + host + ":" + port;
    }

    @Override
    public String toString() {
        return name + " (" + address() + (tls ? " TLS" : "") + ")";
    }
}
