package org.deblurgateway.gateway.commitment;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deblurgateway.dicom.scu.Destination;

/** The requesters' addresses for reports on a new association, parsed from {@code AE@host:port} entries. */
final class RequesterAddresses {

    private final Map<String, Destination> byAeTitle = new HashMap<>();

    /** @throws IllegalArgumentException naming the entry and the key when one is malformed */
    RequesterAddresses(List<String> entries) {
        for (String entry : entries) {
            String e = entry.trim();
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
            byAeTitle.put(ae, new Destination(ae, ae, e.substring(at + 1, colon), port, Optional.empty()));
        }
    }

    private static String malformed(String entry) {
        return "gateway.storage-commitment.requesters: '" + entry + "' is not AE@host:port";
    }

    Optional<Destination> of(String callingAeTitle) {
        return Optional.ofNullable(byAeTitle.get(callingAeTitle));
    }
}
