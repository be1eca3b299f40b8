package org.deblurgateway.routes.flow;

import java.nio.file.Path;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;

/** A persistent in-VM Artemis broker (vm://0) for route tests; rolled-back messages land on DLA after 3 tries. */
final class FlowBroker {

    /** Artemis' dead-letter address for messages that failed max-delivery-attempts (rolled back) times. */
    static final String DLA = "DLA";

    private FlowBroker() {}

    static EmbeddedActiveMQ start(Path journal) throws Exception {
        ConfigurationImpl configuration = new ConfigurationImpl();
        configuration.setPersistenceEnabled(true);
        configuration.setSecurityEnabled(false);
        configuration.setJournalDirectory(journal.resolve("journal").toString());
        configuration.setBindingsDirectory(journal.resolve("bindings").toString());
        configuration.setPagingDirectory(journal.resolve("paging").toString());
        configuration.setLargeMessagesDirectory(journal.resolve("large").toString());
        configuration.addAcceptorConfiguration("in-vm", "vm://0");
        configuration.addAddressSetting(
                "#",
                new AddressSettings()
                        .setDeadLetterAddress(SimpleString.of(DLA))
                        .setMaxDeliveryAttempts(3)
                        .setRedeliveryDelay(50));
        configuration.addQueueConfiguration(QueueConfiguration.of(DLA).setRoutingType(RoutingType.ANYCAST));
        EmbeddedActiveMQ embedded = new EmbeddedActiveMQ();
        embedded.setConfiguration(configuration);
        embedded.start();
        return embedded;
    }
}
