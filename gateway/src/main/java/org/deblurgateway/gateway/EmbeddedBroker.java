package org.deblurgateway.gateway;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
import java.util.UUID;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.JournalType;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressFullMessagePolicy;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.camel.spi.CamelEvent;
import org.deblurgateway.routes.spool.DataDir;
import org.jboss.logging.Logger;

/**
 * The Artemis broker inside the gateway process (persistent journal under {@code <data-dir>/broker}, acceptor on
 * 127.0.0.1), used unless {@code gateway.broker.url} names an external one. Every connection must log in with the
 * login of its credentials file ({@link BrokerAccess}): other local users cannot read frames, purge queues or inject
 * messages. It starts before Camel's JMS consumers and stops after them.
 */
@ApplicationScoped
public class EmbeddedBroker {

    private static final Logger LOG = Logger.getLogger(EmbeddedBroker.class);

    /** The in-VM acceptor, for this process's own clients ({@link BrokerAccess#clientUrl()}). */
    static final String IN_VM_URL = "vm://0";

    private final BrokerConfig config;
    private final BrokerAccess access;
    private final DataDir dataDir;
    private EmbeddedActiveMQ server;

    public EmbeddedBroker(BrokerConfig config, BrokerAccess access, DataDir dataDir) {
        this.config = config;
        this.access = access;
        this.dataDir = dataDir;
    }

    /**
     * True when this process runs the broker: a gateway with no external URL configured. A worker process never
     * does; without a URL it joins the gateway's embedded broker on 127.0.0.1.
     */
    public boolean enabled() {
        return access.hostsEmbeddedBroker();
    }

    void onCamelStarting(@Observes CamelEvent.CamelContextStartingEvent event) {
        start();
    }

    void onCamelStopped(@Observes CamelEvent.CamelContextStoppedEvent event) {
        stop();
    }

    /** Starts the broker if it is enabled and not yet running; idempotent. */
    public synchronized void start() {
        if (!enabled() || server != null) {
            return;
        }
        Path dir = dataDir.broker();
        EmbeddedActiveMQ broker = new EmbeddedActiveMQ();
        broker.setConfiguration(configuration(dir));
        broker.setSecurityManager(new BrokerLogin(access.embeddedBrokerLogin()));
        try {
            broker.start();
        } catch (Exception e) {
            throw new IllegalStateException(
                    "embedded Artemis broker failed to start on 127.0.0.1:" + config.embeddedPort() + " (journal " + dir
                            + "): " + e.getMessage(),
                    e);
        }
        server = broker;
        LOG.infof(
                "Embedded Artemis broker listening on tcp://127.0.0.1:%d (login required: %s), journal in %s",
                config.embeddedPort(), access.credentialsFile(), dir);
    }

    /** Stops the broker if this process started it; idempotent. */
    @PreDestroy
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            server.stop();
            LOG.info("Embedded Artemis broker stopped");
        } catch (Exception e) {
            LOG.errorf(e, "Embedded Artemis broker did not stop cleanly");
        } finally {
            server = null;
        }
    }

    private Configuration configuration(Path dir) {
        Configuration c = new ConfigurationImpl();
        c.setName("deblur-gateway");
        c.setPersistenceEnabled(true);
        c.setSecurityEnabled(true);
        // No cluster here; a random cluster password keeps the well-known default from ever being accepted.
        c.setClusterPassword(UUID.randomUUID().toString());
        c.setJMXManagementEnabled(false);
        c.setJournalType(JournalType.NIO);
        // Each C-STORE waits for its ingest commit to be synced; the NIO default (3.3 ms of batching before every
        // sync) would add that much to every object (gateway.broker.embedded-journal-buffer-timeout).
        c.setJournalBufferTimeout_NIO(
                Math.toIntExact(config.embeddedJournalBufferTimeout().toNanos()));
        c.setJournalDirectory(dir.resolve("journal").toString());
        c.setBindingsDirectory(dir.resolve("bindings").toString());
        c.setPagingDirectory(dir.resolve("paging").toString());
        c.setLargeMessagesDirectory(dir.resolve("large-messages").toString());
        // On a busy small machine a slow disk would otherwise make the critical analyzer halt the broker.
        c.setCriticalAnalyzer(false);
        try {
            // TCP for worker processes and tools; the gateway's own routes and ingest producer use the in-VM one.
            c.addAcceptorConfiguration("tcp", "tcp://127.0.0.1:" + config.embeddedPort());
            c.addAcceptorConfiguration("in-vm", IN_VM_URL);
        } catch (Exception e) {
            throw new IllegalStateException("invalid embedded broker acceptor port " + config.embeddedPort(), e);
        }
        // Never drop a message: page to disk when an address is full, and send undeliverable or expired messages
        // to their own queues (DLQ.<address>, ExpiryQueue.<address>) instead of discarding them.
        AddressSettings all = new AddressSettings()
                .setAddressFullMessagePolicy(AddressFullMessagePolicy.PAGE)
                .setMaxSizeBytes(config.embeddedPageAboveBytes())
                .setDeadLetterAddress(SimpleString.of("DLQ"))
                .setAutoCreateDeadLetterResources(true)
                .setExpiryAddress(SimpleString.of("ExpiryQueue"))
                .setAutoCreateExpiryResources(true)
                // A step that keeps failing (disk full, rules bug) backs off 1 s, 2 s, 4 s ... 60 s and only lands on
                // DLQ.<queue> after about 15 minutes, instead of after 10 quick tries.
                .setRedeliveryDelay(1000)
                .setRedeliveryMultiplier(2.0)
                .setMaxRedeliveryDelay(60_000)
                .setMaxDeliveryAttempts(20);
        c.addAddressSetting("#", all);
        BrokerDiskLimits.apply(c, config);
        return c;
    }
}
