package org.deblurgateway.routes.flow;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.deblurgateway.testsupport.FreePorts;

/**
 * The route flow tests' broker: a persistent embedded Artemis on a free loopback port, started before the
 * application and stopped after it, and a fresh data dir with a rules file for {@code gateway.data-dir} and
 * {@code gateway.rules-file}. A message rolled back 3 times lands on {@link #DLA}, 50 ms between deliveries.
 */
public class FlowBrokerResource implements QuarkusTestResourceLifecycleManager {

    /** Artemis' dead-letter address (and its queue) for messages rolled back max-delivery-attempts times. */
    static final String DLA = "DLA";
    /** Deliveries of a message before the broker moves it to {@link #DLA}. */
    static final int MAX_DELIVERY_ATTEMPTS = 3;
    /** Rules in force when the application starts; every test applies its own. */
    private static final String INITIAL_RULES = "rules:\n  - name: default\n    action: drop\n";

    private Path folder;
    private EmbeddedActiveMQ broker;

    @Override
    public Map<String, String> start() {
        try {
            folder = Files.createTempDirectory("route-flow-");
            Path dataDir = Files.createDirectories(folder.resolve("data"));
            Path rules = folder.resolve("rules.yaml");
            Files.writeString(rules, INITIAL_RULES);
            int port = FreePorts.next();
            broker = startBroker(folder.resolve("broker"), port);
            return Map.of(
                    "gateway.data-dir",
                    dataDir.toString(),
                    "gateway.rules-file",
                    rules.toString(),
                    FlowJms.BROKER_URL,
                    "tcp://127.0.0.1:" + port);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the route flow tests' broker", e);
        }
    }

    @Override
    public void stop() {
        try {
            if (broker != null) {
                broker.stop();
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop the route flow tests' broker", e);
        } finally {
            deleteFolder();
        }
    }

    private static EmbeddedActiveMQ startBroker(Path journal, int port) throws Exception {
        ConfigurationImpl configuration = new ConfigurationImpl();
        configuration.setPersistenceEnabled(true);
        configuration.setSecurityEnabled(false);
        configuration.setJournalDirectory(journal.resolve("journal").toString());
        configuration.setBindingsDirectory(journal.resolve("bindings").toString());
        configuration.setPagingDirectory(journal.resolve("paging").toString());
        configuration.setLargeMessagesDirectory(journal.resolve("large").toString());
        configuration.addAcceptorConfiguration("tcp", "tcp://127.0.0.1:" + port);
        configuration.addAddressSetting(
                "#",
                new AddressSettings()
                        .setDeadLetterAddress(SimpleString.of(DLA))
                        .setMaxDeliveryAttempts(MAX_DELIVERY_ATTEMPTS)
                        .setRedeliveryDelay(50));
        configuration.addQueueConfiguration(QueueConfiguration.of(DLA).setRoutingType(RoutingType.ANYCAST));
        EmbeddedActiveMQ embedded = new EmbeddedActiveMQ();
        embedded.setConfiguration(configuration);
        embedded.start();
        return embedded;
    }

    private void deleteFolder() {
        if (folder == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + folder, e);
        }
    }
}
