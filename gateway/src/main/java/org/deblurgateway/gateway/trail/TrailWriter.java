package org.deblurgateway.gateway.trail;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.deblurgateway.routes.config.GatewayConfig;
import org.deblurgateway.routes.config.ProcessRole;
import org.deblurgateway.routes.events.PipelineEvent;
import org.deblurgateway.routes.events.PipelineEventSink;
import org.jboss.logging.Logger;

/**
 * The console's trail: takes pipeline events into a bounded queue (the pipeline thread only enqueues) and writes them
 * from one thread in batches (what arrives within the batch delay), one transaction per batch, so ingest never waits
 * on the database. What a crash can lose is the events still queued (about a batch delay's worth); a full queue drops new events and counts them. Also
 * applies the retention. Only the gateway role keeps a trail: a worker process's events stay with its gateway.
 */
@ApplicationScoped
public class TrailWriter implements PipelineEventSink {

    private static final Logger LOG = Logger.getLogger(TrailWriter.class);
    /** Derived SOP Instance UID -> source, for the forwards of derived instances (the database answers misses). */
    private static final int DERIVED_CACHE = 10_000;

    private final TrailDatabase database;
    private final ConsoleConfig config;
    private final boolean enabled;
    private final BlockingQueue<PipelineEvent> queue;
    private final LongAdder dropped = new LongAdder();
    private final LongAdder written = new LongAdder();
    private final AtomicLong nextDropWarning = new AtomicLong(System.nanoTime());
    private final Map<String, String> sourceOfDerived = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > DERIVED_CACHE;
        }
    };
    private final TrailMinuteCounts minuteCounts = new TrailMinuteCounts();
    private volatile boolean running;
    private Thread thread;
    private long nextPrune;

    @Inject
    public TrailWriter(TrailDatabase database, ConsoleConfig config, GatewayConfig process) {
        this(database, config, process.role() == ProcessRole.GATEWAY && config.trailEnabled());
    }

    public TrailWriter(TrailDatabase database, ConsoleConfig config, boolean enabled) {
        this.database = database;
        this.config = config;
        this.enabled = enabled;
        this.queue = new ArrayBlockingQueue<>(Math.max(1, config.trailQueueCapacity()));
    }

    void onStart(@Observes StartupEvent start) {
        start();
    }

    void onStop(@Observes ShutdownEvent stop) {
        stop();
    }

    public void start() {
        if (!enabled || running) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "trail-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Writes what is queued (for up to 10 s) and stops. */
    public void stop() {
        running = false;
        if (thread != null) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(10)); // drains what is queued
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void accept(PipelineEvent event) {
        if (enabled && !queue.offer(event)) {
            dropped.increment();
            warnDropped();
        }
    }

    /** The first drop is logged at once, later ones at most once a minute: the reporting thread never waits. */
    private void warnDropped() {
        long now = System.nanoTime();
        long due = nextDropWarning.get();
        if (now - due >= 0 && nextDropWarning.compareAndSet(due, now + TimeUnit.MINUTES.toNanos(1))) {
            LOG.warnf(
                    "DGW-CON-006 trail queue full (%d events waiting for the database): %d event(s) dropped since"
                            + " start; the objects themselves are not affected",
                    queue.size(), dropped.sum());
        }
    }

    /** Events dropped because the queue was full (since start). */
    public long droppedCount() {
        return dropped.sum();
    }

    /** Events written (since start). */
    public long writtenCount() {
        return written.sum();
    }

    /** Events waiting to be written. */
    public int queued() {
        return queue.size();
    }

    private void run() {
        try {
            pruneWhenDue(); // at start, then every prune interval
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("DGW-CON-004 trail retention not applied: %s", e.toString());
        }
        List<PipelineEvent> batch = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                PipelineEvent first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    gather(batch);
                    write(batch);
                }
                pruneWhenDue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (SQLException | RuntimeException e) {
                // The trail is a record, not the pipeline: the batch is lost, the writer goes on.
                LOG.warnf("DGW-CON-002 trail: %d event(s) not written: %s", batch.size(), e.toString());
                sleepQuietly();
            } finally {
                batch.clear();
            }
        }
    }

    /**
     * Adds the events that arrive within the batch delay (up to the batch size): while objects arrive every few
     * milliseconds, their events then share one transaction instead of each paying for its own.
     */
    private void gather(List<PipelineEvent> batch) throws InterruptedException {
        int size = Math.max(1, config.trailBatchSize());
        long deadline = System.nanoTime() + config.trailBatchDelay().toNanos();
        while (batch.size() < size) {
            queue.drainTo(batch, size - batch.size());
            long left = deadline - System.nanoTime();
            if (batch.size() >= size || left <= 0 || !running) {
                return;
            }
            PipelineEvent next = queue.poll(left, TimeUnit.NANOSECONDS);
            if (next == null) {
                return;
            }
            batch.add(next);
        }
    }

    private void write(List<PipelineEvent> batch) throws SQLException {
        try (Connection connection = database.connection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insertEvent = connection.prepareStatement(
                    "INSERT INTO trail_event (sop_instance_uid, at_ms, kind, summary, worker) VALUES (?, ?, ?, ?, ?)")) {
                // Each instance's row read once and written once per batch; the entries in the events' order.
                Map<String, TrailInstanceRow> rows = new LinkedHashMap<>();
                for (PipelineEvent event : batch) {
                    TrailEntry entry = TrailEntry.of(event);
                    String sop = clip(
                            event instanceof PipelineEvent.ForwardAttempted
                                    ? sourceOf(connection, entry.sopInstanceUid())
                                    : entry.sopInstanceUid(),
                            64);
                    TrailInstanceRow row = rows.get(sop);
                    if (row == null) {
                        row = TrailInstanceRow.load(connection, sop);
                        rows.put(sop, row);
                    }
                    if (event instanceof PipelineEvent.Received received) {
                        row.received(received);
                    } else {
                        apply(row, sop, entry, event);
                    }
                    insertEvent.setString(1, sop);
                    insertEvent.setLong(2, entry.at().toEpochMilli());
                    insertEvent.setString(3, entry.kind());
                    insertEvent.setString(4, clip(entry.summary(), 4000));
                    // The Overview counts frames per worker from this column, not from the summary's words.
                    String worker = event instanceof PipelineEvent.FrameDeblurred f ? clip(f.worker(), 200) : "";
                    insertEvent.setString(5, worker);
                    insertEvent.addBatch();
                    minuteCounts.add(entry.at().toEpochMilli(), entry.kind(), worker);
                }
                for (TrailInstanceRow row : rows.values()) {
                    row.write(connection);
                }
                insertEvent.executeBatch();
                // Same transaction: the Overview's counts never disagree with the entries.
                minuteCounts.write(connection, database.kind());
                connection.commit();
                written.add(batch.size());
            } catch (SQLException | RuntimeException e) {
                minuteCounts.clear();
                connection.rollback();
                throw e;
            }
        }
    }

    private String sourceOf(Connection connection, String sopInstanceUid) throws SQLException {
        String cached = sourceOfDerived.get(sopInstanceUid);
        if (cached != null) {
            return cached;
        }
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT sop_instance_uid FROM trail_instance WHERE derived_sop_instance_uid = ?")) {
            query.setString(1, sopInstanceUid);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getString(1) : sopInstanceUid;
            }
        }
    }

    private void apply(TrailInstanceRow row, String sop, TrailEntry entry, PipelineEvent event) {
        String rule = event instanceof PipelineEvent.RuleMatched m ? m.rule() : null;
        String action = event instanceof PipelineEvent.RuleMatched m ? m.action() : null;
        String derived = event instanceof PipelineEvent.DerivedInstanceWritten d ? d.derivedSopInstanceUid() : null;
        String bodyPart = event instanceof PipelineEvent.RuleMatched m && m.attributes() != null
                ? clip(m.attributes().bodyPartExamined(), 16)
                : null;
        if (derived != null) {
            sourceOfDerived.put(derived, sop);
        }
        row.update(event, entry.at().toEpochMilli(), entry.state(), rule, action, derived, bodyPart);
    }

    private void pruneWhenDue() throws SQLException {
        long now = System.currentTimeMillis();
        if (now < nextPrune) {
            return;
        }
        nextPrune = now
                + Math.max(
                        Duration.ofMinutes(1).toMillis(),
                        config.trailPruneInterval().toMillis());
        long before = Instant.now().minus(config.trailRetention()).toEpochMilli();
        try (Connection connection = database.connection();
                PreparedStatement events = connection.prepareStatement("DELETE FROM trail_event WHERE at_ms < ?");
                PreparedStatement instances =
                        connection.prepareStatement("DELETE FROM trail_instance WHERE updated_at < ?")) {
            events.setLong(1, before);
            instances.setLong(1, before);
            int removedEvents = events.executeUpdate();
            int removedInstances = instances.executeUpdate();
            TrailMinuteCounts.prune(connection, before);
            if (removedEvents + removedInstances > 0) {
                LOG.infof(
                        "DGW-CON-003 trail retention %s: removed %d instance(s), %d event(s)",
                        config.trailRetention(), removedInstances, removedEvents);
            }
        }
    }

    private static String clip(String text, int length) {
        return TrailInstanceRow.clip(text, length);
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
