package org.deblurgateway.gateway;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.deblurgateway.routes.config.GatewayConfig;
import org.deblurgateway.routes.spool.DataDir;
import org.jboss.logging.Logger;

/**
 * Where the broker is and how this process logs in to it. The embedded broker requires the login in its credentials
 * file (generated on first start); clients use, in this order: the embedded broker's own login (the gateway that
 * runs it), {@code gateway.broker.user} + {@code password} (an external broker's user), the credentials file (a
 * worker joining a gateway's broker: {@code gateway.broker.credentials-file}, or for a worker the file in its data
 * dir; required when no URL is set), or none (an external broker that allows anonymous access).
 */
@ApplicationScoped
public class BrokerAccess {

    private static final Logger LOG = Logger.getLogger(BrokerAccess.class);

    private final BrokerConfig config;
    private final boolean hostsEmbeddedBroker;
    private final boolean worker;
    private final Path credentialsFile;
    private BrokerCredentials embedded;
    private Optional<BrokerCredentials> client;

    public BrokerAccess(BrokerConfig config, GatewayConfig gateway, DataDir dataDir) {
        this.config = config;
        this.hostsEmbeddedBroker =
                gateway.role().hostsPipeline() && config.url().isEmpty();
        this.worker = !gateway.role().hostsPipeline();
        this.credentialsFile =
                config.credentialsFile().orElse(dataDir.broker().resolve(BrokerConfig.CREDENTIALS_FILE_NAME));
    }

    /** True when this process runs the embedded broker: a gateway with no external URL. */
    public boolean hostsEmbeddedBroker() {
        return hostsEmbeddedBroker;
    }

    /** The broker's URL: {@code gateway.broker.url}, or the embedded broker's acceptor on 127.0.0.1. */
    public String url() {
        return config.url().orElse("tcp://127.0.0.1:" + config.embeddedPort());
    }

    /** The credentials file of the embedded broker (what it creates, or what a worker reads). */
    public Path credentialsFile() {
        return credentialsFile;
    }

    /** The one login the embedded broker accepts, created on first use. */
    public synchronized BrokerCredentials embeddedBrokerLogin() {
        if (embedded == null) {
            embedded = BrokerCredentialsFile.readOrCreate(credentialsFile);
        }
        return embedded;
    }

    /** How this process's JMS clients log in; empty: without a login. */
    public synchronized Optional<BrokerCredentials> clientLogin() {
        if (client == null) {
            client = resolveClientLogin();
        }
        return client;
    }

    /**
     * Where this process's own clients connect: the embedded broker's in-VM acceptor when this process runs it (no
     * TCP loopback and no Netty on the path of every ingest commit), else {@link #url()}.
     */
    public String clientUrl() {
        return hostsEmbeddedBroker ? EmbeddedBroker.IN_VM_URL : url();
    }

    /** A new connection factory for the broker with this process's login. */
    public ActiveMQConnectionFactory newConnectionFactory() {
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(clientUrl());
        clientLogin().ifPresent(login -> {
            factory.setUser(login.user());
            factory.setPassword(login.password());
        });
        return factory;
    }

    private Optional<BrokerCredentials> resolveClientLogin() {
        if (hostsEmbeddedBroker) {
            return Optional.of(embeddedBrokerLogin());
        }
        if (config.user().isPresent()) {
            String password = config.password()
                    .orElseThrow(() ->
                            new IllegalStateException("gateway.broker.user is set but gateway.broker.password is not"));
            return Optional.of(new BrokerCredentials(config.user().get(), password));
        }
        // A worker finds a gateway's file in the same data dir by itself; a gateway on an external broker does not
        // take the file its own embedded broker may have left there.
        boolean besideUs = worker && Files.exists(credentialsFile);
        if (config.credentialsFile().isPresent() || config.url().isEmpty() || besideUs) {
            try {
                BrokerCredentials login = BrokerCredentialsFile.read(credentialsFile);
                LOG.infof(
                        "DGW-BRK-012 joining the broker at %s as %s (credentials from %s)",
                        url(), login.user(), credentialsFile);
                return Optional.of(login);
            } catch (NoSuchFileException e) {
                throw new IllegalStateException("broker credentials file " + credentialsFile + " not found: the"
                        + " gateway creates it in <data-dir>/broker/ on its first start. Run the worker with the"
                        + " gateway's GATEWAY_DATA_DIR, point GATEWAY_BROKER_CREDENTIALS_FILE at that file, or set"
                        + " GATEWAY_BROKER_USER and GATEWAY_BROKER_PASSWORD");
            } catch (IOException e) {
                throw new IllegalStateException(
                        "broker credentials file " + credentialsFile + " cannot be read: " + e.getMessage(), e);
            }
        }
        LOG.infof(
                "DGW-BRK-013 no broker login configured: connecting to %s without one (the embedded broker and"
                        + " tools/artemis-standalone refuse that)",
                url());
        return Optional.empty();
    }
}
