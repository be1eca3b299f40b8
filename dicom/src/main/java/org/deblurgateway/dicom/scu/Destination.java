package org.deblurgateway.dicom.scu;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * A destination: a peer AE by its local name, its address, and the AE title we call it from; or, with
 * {@code dicomWeb}, a DICOMweb origin server that objects are sent to with STOW-RS instead of C-STORE.
 *
 * @param name           local name of the peer (the rules file's destination name; also its outbound folder)
 * @param calledAeTitle  the peer's (called) AE title
 * @param host           host name or address
 * @param port           TCP port
 * @param callingAeTitle our AE title towards this peer, when it differs from the sender's default
 * @param tls            whether associations with this peer run over DICOM TLS
 * @param dicomWeb       the STOW-RS endpoint of a {@code dicomweb} destination (then host and port are the URL's and
 *                       the AE titles unused); empty for a DICOM destination
 * @param maxAssociations the most associations the sender holds with this peer at once, in use and idle together
 *                       ({@link #NO_ASSOCIATION_LIMIT}: as many as there are senders); for a PACS that limits the
 *                       associations per calling AE title
 */
public record Destination(
        String name,
        String calledAeTitle,
        String host,
        int port,
        Optional<String> callingAeTitle,
        boolean tls,
        Optional<DicomWebEndpoint> dicomWeb,
        int maxAssociations) {

    /** No limit of the destination's own: the number of senders bounds its associations. */
    public static final int NO_ASSOCIATION_LIMIT = 0;

    /** A destination reached over DICOM (plain or TLS). */
    public Destination(
            String name, String calledAeTitle, String host, int port, Optional<String> callingAeTitle, boolean tls) {
        this(name, calledAeTitle, host, port, callingAeTitle, tls, Optional.empty(), NO_ASSOCIATION_LIMIT);
    }

    /** A DICOMweb destination: objects go there with STOW-RS. */
    public static Destination dicomWeb(String name, DicomWebEndpoint endpoint) {
        URI url = endpoint.studiesUrl();
        int port = url.getPort() > 0 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
        return new Destination(
                name, "", url.getHost(), port, Optional.empty(), false, Optional.of(endpoint), NO_ASSOCIATION_LIMIT);
    }

    /** A destination reached over plain DICOM. */
    public Destination(String name, String calledAeTitle, String host, int port, Optional<String> callingAeTitle) {
        this(name, calledAeTitle, host, port, callingAeTitle, false);
    }

    public Destination {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(calledAeTitle, "calledAeTitle");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(callingAeTitle, "callingAeTitle");
        Objects.requireNonNull(dicomWeb, "dicomWeb");
        if (maxAssociations < 0) {
            throw new IllegalArgumentException("maxAssociations " + maxAssociations + " is negative");
        }
    }

    /** True when the destination sets a limit of its own (which may still be above the number of senders). */
    public boolean limitsAssociations() {
        return maxAssociations != NO_ASSOCIATION_LIMIT;
    }

    /** True for a DICOMweb (STOW-RS) destination, which has no DICOM AE to associate with or echo. */
    public boolean isDicomWeb() {
        return dicomWeb.isPresent();
    }

    /** The peer as DICOM knows it: {@code AE@host:port}; a DICOMweb destination's STOW-RS URL. */
    public String address() {
        return dicomWeb.map(web -> web.studiesUrl().toString()).orElse(calledAeTitle + "@" + host + ":" + port);
    }

    @Override
    public String toString() {
        return name + " (" + (dicomWeb.isPresent() ? "STOW-RS " : "") + address() + (tls ? " TLS" : "") + ")";
    }
}
