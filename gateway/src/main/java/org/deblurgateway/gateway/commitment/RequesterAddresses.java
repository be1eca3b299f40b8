package org.deblurgateway.gateway.commitment;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deblurgateway.dicom.scu.Destination;

/**
 * The requesters' addresses for reports on a new association, parsed from {@code AE@host:port} entries; an entry
 * ending in {@code ;tls} is a DICOM TLS peer (as {@code tls: true} on a destination).
 */
final class RequesterAddresses {

    private static final String TLS = ";tls";

    private final Map<String, Destination> byAeTitle = new HashMap<>();

    /** @throws IllegalArgumentException naming the entry and the key when one is malformed */
    RequesterAddresses(List<String> entries) {
        for (String entry : entries) {
            String e = entry.trim();
            boolean tls = e.regionMatches(true, Math.max(0, e.length() - TLS.length()), TLS, 0, TLS.length());
            if (tls) {
                e = e.substring(0, e.length() - TLS.length()).trim();
            }
            int at = e.indexOf('@');
            int colon = e.lastIndexOf(':');
            if (at < 1 || colon < at + 2 || colon == e.length() - 1 || at > 16) {
                throw new IllegalArgumentException(malformed(entry));
            }
            String ae = e.substring(0, at);
            int port;
            try {
                port = Integer.parseInt(e.substring(colon + 1));
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException(malformed(entry), ex);
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException(malformed(entry));
            }
            byAeTitle.put(ae, new Destination(ae, ae, e.substring(at + 1, colon), port, Optional.empty(), tls));
        }
    }

    private static String malformed(String entry) {
        return "gateway.storage-commitment.requesters: '" + entry + "' is not AE@host:port (or AE@host:port;tls)";
    }

    /** The AE titles of the requesters reached over TLS. */
    List<String> tlsPeers() {
        return byAeTitle.values().stream()
                .filter(Destination::tls)
                .map(Destination::calledAeTitle)
                .sorted()
                .toList();
    }

    Optional<Destination> of(String callingAeTitle) {
        return Optional.ofNullable(byAeTitle.get(callingAeTitle));
    }
}
