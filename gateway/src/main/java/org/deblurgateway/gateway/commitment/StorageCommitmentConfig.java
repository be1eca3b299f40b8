package org.deblurgateway.gateway.commitment;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The Storage Commitment SCP ({@code gateway.storage-commitment.*}); defaults in application.properties. */
@ConfigMapping(prefix = "gateway.storage-commitment")
public interface StorageCommitmentConfig {

    /** Accept the Storage Commitment Push Model SOP class on the listener. */
    boolean enabled();

    /** When an instance counts as committed: once forwarded to every destination of its rule, or on durable receipt. */
    CommittedWhen committedWhen();

    /**
     * Where each requester takes N-EVENT-REPORTs on a new association, as {@code AE@host:port} (comma list): used
     * when the association that asked has ended. A requester not listed is answered only while it stays connected.
     */
    Optional<List<String>> requesters();

    /** Limit for the new association's set-up and for the requester's N-EVENT-REPORT-RSP. */
    Duration reportTimeout();

    /** Wait between tries of a report the requester did not take. */
    Duration reportRetryInterval();

    /** How often pending requests are looked at again (their instances' forwards may have finished). */
    Duration checkInterval();

    /** A request older than this is answered with what is known: instances still on their way fail (0x0110). */
    Duration maxWait();

    /** How long the ledger of received instances and their forwards keeps an instance after its last event. */
    Duration ledgerRetention();

    /** The two meanings of "committed". */
    enum CommittedWhen {
        /** Durable here and delivered to every destination of the instance's rule. */
        FORWARDED,
        /** Durable here (spool + broker), whatever happens to its forwards. */
        RECEIVED
    }
}
