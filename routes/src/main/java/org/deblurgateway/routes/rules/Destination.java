package org.deblurgateway.routes.rules;

import java.util.Optional;

/**
 * A named C-STORE destination from the rules file.
 *
 * @param name           name used by rules and as the outbound folder name
 * @param aeTitle        the peer's (called) AE title
 * @param host           host name or address
 * @param port           TCP port
 * @param callingAeTitle our AE title towards this peer, when it differs from gateway.forward.calling-ae-title
 */
public record Destination(String name, String aeTitle, String host, int port, Optional<String> callingAeTitle) {

    @Override
    public String toString() {
        return name + " (" + aeTitle + "@" + host + ":" + port + ")";
    }
}
