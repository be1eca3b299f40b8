package org.deblurgateway.gateway.metrics;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.jms.ConnectionFactory;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.json.JsonArray;
import org.apache.activemq.artemis.json.JsonObject;
import org.apache.activemq.artemis.json.JsonValue;
import org.apache.activemq.artemis.utils.JsonLoader;
import org.deblurgateway.gateway.BrokerManagement;
import org.deblurgateway.gateway.BrokerQueues;
import org.deblurgateway.routes.Queues;
import org.jboss.logging.Logger;

/**
 * Messages waiting in the broker's queues and the consumers of the frames queue (the frame workers, in this process
 * and in worker processes), asked of Artemis' management address ({@link BrokerManagement}): one connection per
 * refresh, and nothing browsed (a queue of 100,000 messages costs what an empty one does). The answer is kept for a moment so one scrape's gauges, or one page, share it.
 */
@ApplicationScoped
public class BrokerQueueDepths {

    private static final Logger LOG = Logger.getLogger(BrokerQueueDepths.class);
    private static final long FRESH_MILLIS = 2_000;
    private static final long ANSWER_TIMEOUT_MILLIS = 2_000;

    private final ConnectionFactory connectionFactory;
    private final List<String> queues;
    /**
     * One consumer of the frames queue as the broker sees it: the connection it came on (a worker process, or this
     * gateway's own frame workers), the peer address of that connection and when the consumer was created.
     */
    public record FrameConsumer(String connectionId, String clientAddress, Optional<Instant> since) {}

    private Map<String, Long> counts = Map.of();
    private Optional<List<FrameConsumer>> frameConsumers = Optional.empty();
    private long countedAt = Long.MIN_VALUE;
    private boolean warned;

    public BrokerQueueDepths(ConnectionFactory connectionFactory) {
        this.connectionFactory = connectionFactory;
        this.queues = BrokerQueues.ALL;
    }

    /** Messages in {@code queue} (0 for a queue the broker has not created yet); NaN when the broker does not answer. */
    public synchronized double messages(String queue) {
        refresh();
        Long n = counts.get(queue);
        return n == null ? Double.NaN : n;
    }

    /** The consumers of {@code deblur.frames} now; empty when the broker does not answer. */
    public synchronized Optional<List<FrameConsumer>> frameConsumers() {
        refresh();
        return frameConsumers;
    }

    private void refresh() {
        long now = System.nanoTime() / 1_000_000;
        if (countedAt == Long.MIN_VALUE || now - countedAt > FRESH_MILLIS) {
            counts = count();
            countedAt = now;
        }
    }

    private Map<String, Long> count() {
        Map<String, Long> result = new HashMap<>();
        try (BrokerManagement management = BrokerManagement.open(connectionFactory, ANSWER_TIMEOUT_MILLIS)) {
            // A queue is created on first use: one the broker does not have yet holds nothing. Asking for the
            // names first keeps "not created" (0) apart from "refused" (NaN), e.g. no manage permission.
            Set<String> existing = management.queueNames();
            for (String queue : queues) {
                result.put(
                        queue,
                        existing.contains(queue)
                                ? ((Number) management.attribute(ResourceNames.QUEUE + queue, "messageCount"))
                                        .longValue()
                                : 0L);
            }
            frameConsumers =
                    Optional.of(existing.contains(Queues.DEBLUR_FRAMES) ? frameConsumers(management) : List.of());
            warned = false;
            return result;
        } catch (Exception e) {
            if (!warned) {
                LOG.warnf(
                        "DGW-MET-001 queue depths unavailable (gauges read NaN until the broker answers): %s",
                        e.toString());
                warned = true;
            }
            frameConsumers = Optional.empty();
            return Map.of();
        }
    }

    private static List<FrameConsumer> frameConsumers(BrokerManagement management) throws Exception {
        JsonArray consumers = JsonLoader.readArray(new StringReader(
                String.valueOf(management.invoke(ResourceNames.QUEUE + Queues.DEBLUR_FRAMES, "listConsumersAsJSON"))));
        if (consumers.isEmpty()) {
            return List.of();
        }
        Map<String, String> addresses = new HashMap<>();
        JsonArray connections = JsonLoader.readArray(
                new StringReader(String.valueOf(management.invoke(ResourceNames.BROKER, "listConnectionsAsJSON"))));
        for (JsonValue value : connections) {
            JsonObject c = value.asJsonObject();
            addresses.put(text(c, "connectionID"), text(c, "clientAddress"));
        }
        List<FrameConsumer> result = new ArrayList<>();
        for (JsonValue value : consumers) {
            JsonObject c = value.asJsonObject();
            String connection = text(c, "connectionID");
            long created = c.containsKey("creationTime")
                    ? c.getJsonNumber("creationTime").longValue()
                    : 0;
            result.add(new FrameConsumer(
                    connection,
                    addresses.getOrDefault(connection, "?"),
                    created > 0 ? Optional.of(Instant.ofEpochMilli(created)) : Optional.empty()));
        }
        return List.copyOf(result);
    }

    private static String text(JsonObject object, String key) {
        JsonValue value = object.get(key);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return "?";
        }
        return value.getValueType() == JsonValue.ValueType.STRING ? object.getString(key) : value.toString();
    }
}
