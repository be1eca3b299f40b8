package org.deblurgateway.gateway.metrics;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.json.JsonArray;
import org.apache.activemq.artemis.json.JsonObject;
import org.apache.activemq.artemis.json.JsonValue;
import org.apache.activemq.artemis.utils.JsonLoader;
import org.deblurgateway.gateway.BrokerManagement;
import org.deblurgateway.gateway.BrokerQueues;
import org.deblurgateway.routes.Queues;
import org.deblurgateway.routes.config.GatewayConfig;
import org.deblurgateway.routes.config.ProcessRole;
import org.jboss.logging.Logger;

/**
 * Messages waiting in the broker's queues and the consumers of the frames queue (the frame workers, in this process
 * and in worker processes), asked of Artemis' management address ({@link BrokerManagement}): the same request for the embedded
 * broker and an external one, and nothing browsed (a queue of 100,000 messages costs what an empty one does).
 *
 * <p>In the gateway process one background thread asks every {@code gateway.metrics.queue-depth-refresh} (2 s) over
 * a connection it keeps, and scrapes and console pages read the last answer: a scrape never waits on the broker, and
 * what it shows is at most one refresh interval (plus one answer's time) old. A broker that does not answer makes
 * the gauges NaN from the next refresh on. Processes without the refresher (worker role, tests that build this
 * directly) ask on the reader's thread, at most once per refresh interval.
 */
@ApplicationScoped
public class BrokerQueueDepths {

    private static final Logger LOG = Logger.getLogger(BrokerQueueDepths.class);
    private static final long ANSWER_TIMEOUT_MILLIS = 2_000;

    private final ConnectionFactory connectionFactory;
    private final List<String> queues;
    private final Duration refreshInterval;
    private final boolean refreshInBackground;
    /**
     * One consumer of the frames queue as the broker sees it: the connection it came on (a worker process, or this
     * gateway's own frame workers), the peer address of that connection and when the consumer was created.
     */
    public record FrameConsumer(String connectionId, String clientAddress, Optional<Instant> since) {}

    /** One answer of the broker (empty maps and no consumers: it did not answer), and when it was had. */
    private record Answer(Map<String, Long> counts, Optional<List<FrameConsumer>> frameConsumers, long atMillis) {}

    private static final Answer NONE = new Answer(Map.of(), Optional.empty(), Long.MIN_VALUE);

    private volatile Answer answer = NONE;
    private BrokerManagement management; // the refreshing thread's only
    private volatile ScheduledExecutorService refresher;
    private boolean warned;

    @Inject
    public BrokerQueueDepths(ConnectionFactory connectionFactory, MetricsConfig config, GatewayConfig process) {
        this(connectionFactory, config.queueDepthRefresh(), process.role() == ProcessRole.GATEWAY);
    }

    public BrokerQueueDepths(ConnectionFactory connectionFactory, Duration refreshInterval, boolean inBackground) {
        this.connectionFactory = connectionFactory;
        this.queues = BrokerQueues.ALL;
        this.refreshInterval =
                refreshInterval.isNegative() || refreshInterval.isZero() ? Duration.ofSeconds(2) : refreshInterval;
        this.refreshInBackground = inBackground;
    }

    void onStart(@Observes StartupEvent start) {
        start();
    }

    void onStop(@Observes ShutdownEvent stop) {
        stop();
    }

    /** Starts the background refresher (gateway role only); the first answer is asked for at once. */
    public synchronized void start() {
        if (!refreshInBackground || refresher != null) {
            return;
        }
        refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "broker-queue-depths");
            thread.setDaemon(true);
            return thread;
        });
        refresher.scheduleWithFixedDelay(this::refreshQuietly, 0, refreshInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    public void stop() {
        ScheduledExecutorService running;
        synchronized (this) {
            running = refresher;
            refresher = null;
        }
        if (running != null) {
            running.shutdownNow(); // outside the lock: the refresh it interrupts holds it
            try {
                running.awaitTermination(ANSWER_TIMEOUT_MILLIS * 2, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeManagement();
    }

    /** Messages in {@code queue} (0 for a queue the broker has not created yet); NaN when the broker does not answer. */
    public double messages(String queue) {
        Long n = current().counts().get(queue);
        return n == null ? Double.NaN : n;
    }

    /** The consumers of {@code deblur.frames} now; empty when the broker does not answer. */
    public Optional<List<FrameConsumer>> frameConsumers() {
        return current().frameConsumers();
    }

    private Answer current() {
        Answer last = answer;
        boolean backgroundRunning = refresher != null;
        if (backgroundRunning && last != NONE) {
            return last;
        }
        // Before the refresher's first answer, or without a refresher: ask here, once per interval at most.
        synchronized (this) {
            long now = System.nanoTime() / 1_000_000;
            if (answer == NONE || (!backgroundRunning && now - answer.atMillis() > refreshInterval.toMillis())) {
                refresh();
            }
            return answer;
        }
    }

    private void refreshQuietly() {
        try {
            synchronized (this) {
                refresh();
            }
        } catch (RuntimeException e) {
            LOG.debugf("queue depth refresh failed: %s", e);
        }
    }

    /** Asks the broker and keeps the answer; called with this object's lock held. */
    private void refresh() {
        long now = System.nanoTime() / 1_000_000;
        try {
            if (management == null) {
                management = BrokerManagement.open(connectionFactory, ANSWER_TIMEOUT_MILLIS);
            }
            answer = ask(management, now);
            warned = false;
        } catch (Exception e) {
            closeManagement(); // a fresh connection next time
            if (!warned) {
                LOG.warnf(
                        "DGW-MET-001 queue depths unavailable (gauges read NaN until the broker answers): %s",
                        e.toString());
                warned = true;
            }
            answer = new Answer(Map.of(), Optional.empty(), now);
        }
    }

    private synchronized void closeManagement() {
        if (management != null) {
            try {
                management.close();
            } catch (JMSException | RuntimeException e) {
                LOG.debugf("closing the management connection failed: %s", e);
            }
            management = null;
        }
    }

    private Answer ask(BrokerManagement m, long now) throws Exception {
        Map<String, Long> result = new HashMap<>();
        // A queue is created on first use: one the broker does not have yet holds nothing. Asking for the
        // names first keeps "not created" (0) apart from "refused" (NaN), e.g. no manage permission.
        Set<String> existing = m.queueNames();
        for (String queue : queues) {
            result.put(
                    queue,
                    existing.contains(queue)
                            ? ((Number) m.attribute(ResourceNames.QUEUE + queue, "messageCount")).longValue()
                            : 0L);
        }
        Optional<List<FrameConsumer>> consumers =
                Optional.of(existing.contains(Queues.DEBLUR_FRAMES) ? frameConsumers(m) : List.of());
        return new Answer(Map.copyOf(result), consumers, now);
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
