package org.deblurgateway.gateway;

import io.quarkus.runtime.configuration.MemorySize;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.core.settings.impl.DiskFullMessagePolicy;
import org.deblurgateway.routes.Queues;

/**
 * How the embedded broker guards the disk it shares with the spool. Its journal is refused new messages below a byte
 * floor ({@code gateway.broker.embedded-min-disk-free}, read every {@code embedded-disk-scan-period}); Artemis'
 * percentage default (stop at 90 % used: 25 GB still free on a 250 GB disk) is off, the byte floor decides. Memory is
 * bounded across all addresses ({@code embedded-global-max-size}, by default a quarter of the heap); above it messages
 * page to disk, never block.
 *
 * <p>What a full disk does to a producer differs by address. The ingest address FAILs: the modality is waiting for
 * its C-STORE answer, so the ingest send must fail at once (0xA700, the spooled file removed) instead of blocking
 * the association until space comes back; the JMS call timeout does not help there, the client waits for producer
 * credits before any call it bounds. Every other address keeps Artemis' BLOCK: a route step that has already taken
 * its message waits for space instead of burning its delivery attempts towards the dead-letter queue.
 */
final class BrokerDiskLimits {

    private BrokerDiskLimits() {}

    /** Sets the disk floor, its scan period and the global memory bound on {@code c}, and the ingest address's policy. */
    static void apply(Configuration c, BrokerConfig config) {
        c.setMaxDiskUsage(-1);
        c.setMinDiskFree(config.embeddedMinDiskFree().asLongValue());
        c.setDiskScanPeriod((int) config.embeddedDiskScanPeriod().toMillis());
        c.setGlobalMaxSize(config.embeddedGlobalMaxSize()
                .map(MemorySize::asLongValue)
                .orElse(Runtime.getRuntime().maxMemory() / 4));
        // Merged with the "#" settings: only the disk-full policy differs.
        c.addAddressSetting(Queues.INGEST, new AddressSettings().setDiskFullMessagePolicy(DiskFullMessagePolicy.FAIL));
    }
}
