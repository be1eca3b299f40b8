package org.deblurgateway.routes.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.deblurgateway.dicom.scu.StoreScu;
import org.deblurgateway.routes.Queues;
import org.deblurgateway.routes.RollbackToBrokerRouteConfiguration;
import org.deblurgateway.routes.RoutingStatistics;
import org.deblurgateway.routes.actions.DropActionRoute;
import org.deblurgateway.routes.actions.PassActionRoute;
import org.deblurgateway.routes.events.PipelineEvent;
import org.deblurgateway.routes.events.PipelineEvents;
import org.deblurgateway.routes.forward.ForwardRoute;
import org.deblurgateway.routes.forward.Forwarder;
import org.deblurgateway.routes.forward.RetryPolicy;
import org.deblurgateway.routes.messages.ObjectHeaders;
import org.deblurgateway.routes.rules.ActiveRules;
import org.deblurgateway.routes.rules.RuleSet;
import org.deblurgateway.routes.rules.RulesParser;
import org.deblurgateway.routes.spool.DataDir;
import org.deblurgateway.routes.spool.OutboundSpool;
import org.deblurgateway.testsupport.FreePorts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A send that fails on a local file (here: not a DICOM file) is dead-lettered with a last error that says what
 * failed, and the trail's forward event says the same: neither names the server's paths (the log does).
 */
class ForwardFailureTextTest {

    @TempDir
    Path temp;

    private EmbeddedActiveMQ broker;
    private Connection connection;
    private CamelContext camel;
    private final List<PipelineEvent> events = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopEverything() throws Exception {
        if (camel != null) {
            camel.stop();
        }
        if (connection != null) {
            connection.close();
        }
        if (broker != null) {
            broker.stop();
        }
    }

    @Test
    void forward_unreadableOutboundFile_deadLetterAndTrailWithoutPaths() throws Exception {
        Path dataDir = startForwarding();
        Path file = dataDir.resolve("outbound/pacs/1.2.3.0123456789abcdef0123.dcm");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "not a DICOM file");
        send(dataDir.relativize(file).toString());

        Message dead = receive(Queues.OUTBOUND_DEAD_LETTER, 20_000);

        assertNotNull(dead, "dead-lettered");
        String lastError = dead.getStringProperty(ObjectHeaders.LAST_ERROR);
        assertTrue(lastError.startsWith("LOCAL_ERROR"), lastError);
        assertFalse(lastError.contains("/"), "no path in the dead letter's last error: " + lastError);
        assertFalse(lastError.contains(temp.toString()), lastError);
        List<String> reasons = events.stream()
                .filter(PipelineEvent.ForwardAttempted.class::isInstance)
                .map(e -> ((PipelineEvent.ForwardAttempted) e).error())
                .toList();
        assertEquals(1, reasons.size(), reasons.toString());
        assertFalse(reasons.get(0).contains("/"), "no path in the trail: " + reasons.get(0));
    }

    private Path startForwarding() throws Exception {
        broker = FlowBroker.start(temp.resolve("broker"));
        ConnectionFactory connectionFactory = new ActiveMQConnectionFactory("vm://0");
        connection = connectionFactory.createConnection();
        connection.start();
        Path dataDir = Files.createDirectories(temp.resolve("data"));
        TestRoutingConfig config = TestRoutingConfig.of(dataDir, 1, Duration.ofMillis(100));
        OutboundSpool spool = new OutboundSpool(new DataDir(dataDir));
        RoutingStatistics statistics = new RoutingStatistics();
        RuleSet ruleSet = new RulesParser(
                        List.of(new PassActionRoute(spool, statistics), new DropActionRoute(spool, statistics)))
                .parse(
                        "destinations:\n  pacs: {ae-title: PACS, host: "
                                + "127.0.0.1, port: " + FreePorts.next()
                                + "}\nrules:\n  - name: default\n    action: pass\n"
                                + "    destinations: [pacs]\n",
                        "test rules");
        Forwarder forwarder = new Forwarder(
                ActiveRules.fixed(ruleSet),
                new StoreScu("DEBLUR", Duration.ofSeconds(5), Duration.ofSeconds(5)),
                spool,
                new RetryPolicy(1, Duration.ofMillis(100), 2.0, Duration.ofSeconds(1)),
                statistics,
                config,
                new PipelineEvents(List.of(events::add)));

        camel = new DefaultCamelContext();
        JmsComponent jms = new JmsComponent();
        jms.setConnectionFactory(connectionFactory);
        camel.addComponent("jms", jms);
        camel.addRoutes(new RollbackToBrokerRouteConfiguration());
        camel.addRoutes(new ForwardRoute(() -> forwarder, config, TestRoutingConfig.gateway(dataDir)));
        camel.start();
        return dataDir;
    }

    private void send(String spoolPath) throws Exception {
        try (Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            MessageProducer producer = session.createProducer(session.createQueue(Queues.OUTBOUND));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            TextMessage message = session.createTextMessage(spoolPath);
            message.setStringProperty(ObjectHeaders.SPOOL_PATH, spoolPath);
            message.setStringProperty(ObjectHeaders.DESTINATION, "pacs");
            message.setStringProperty(ObjectHeaders.SOP_INSTANCE_UID, "1.2.3");
            producer.send(message);
        }
    }

    private Message receive(String queue, long timeoutMillis) throws Exception {
        try (Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageConsumer consumer = session.createConsumer(session.createQueue(queue))) {
            return consumer.receive(timeoutMillis);
        }
    }
}
