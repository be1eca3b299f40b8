package org.deblurgateway.gateway.console;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.deblurgateway.gateway.BrokerQueues;
import org.deblurgateway.gateway.JournalSpace;
import org.deblurgateway.gateway.SpoolSpace;
import org.deblurgateway.gateway.metrics.BrokerQueueDepths;
import org.deblurgateway.gateway.metrics.BrokerQueueDepths.FrameConsumer;
import org.deblurgateway.gateway.trail.TrailQueries;
import org.deblurgateway.gateway.trail.TrailQueries.WorkerFrames;

/**
 * What the Overview shows of the running pipeline besides the trail's counts: queue depths and dead letters (from
 * the broker), the frame workers (the broker's consumers of the frames queue, and per worker the frames the trail
 * recorded coming back), free disk of the spool and the journal. Every number that cannot be had says so in words.
 */
@ApplicationScoped
public class PipelineState {

    /** Frames per minute are averaged over this window. */
    static final Duration WORKER_WINDOW = Duration.ofMinutes(10);

    static final String UNKNOWN = "unknown (broker not answering)";
    private static final DateTimeFormatter TIME =
            // UTC to the second, as the trail's times on the other pages (ISO, with Z).
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    /** A queue and how many messages wait in it ({@code messages} is words when the broker does not answer). */
    public record QueueRow(String queue, String holds, String messages, boolean attention) {}

    /** One broker connection that consumes frames, its peer address, consumer count and oldest consumer. */
    public record ConsumerConnection(String clientAddress, int consumers, String since) {}

    /** A worker that reported frames within {@link #WORKER_WINDOW}. */
    public record WorkerRow(String worker, long deblurred, long failed, String perMinute, String lastFrame) {}

    /** Free space of one folder the gateway writes. */
    public record DiskRow(String what, String path, String free) {}

    private final BrokerQueueDepths broker;
    private final TrailQueries trail;
    private final SpoolSpace spool;
    private final JournalSpace journal;

    public PipelineState(BrokerQueueDepths broker, TrailQueries trail, SpoolSpace spool, JournalSpace journal) {
        this.broker = broker;
        this.trail = trail;
        this.spool = spool;
        this.journal = journal;
    }

    public List<QueueRow> workQueues() {
        return rows(BrokerQueues.WORK, false);
    }

    public List<QueueRow> deadLetterQueues() {
        return rows(BrokerQueues.DEAD_LETTER, true);
    }

    private List<QueueRow> rows(List<String> queues, boolean deadLetters) {
        List<QueueRow> rows = new ArrayList<>();
        for (String queue : queues) {
            double n = broker.messages(queue);
            rows.add(new QueueRow(
                    queue,
                    BrokerQueues.holds(queue),
                    Double.isNaN(n) ? UNKNOWN : Long.toString((long) n),
                    deadLetters && n > 0));
        }
        return rows;
    }

    /** The broker's consumers of the frames queue, one row per connection; empty when the broker does not answer. */
    public Optional<List<ConsumerConnection>> frameConsumers() {
        return broker.frameConsumers().map(PipelineState::perConnection);
    }

    static List<ConsumerConnection> perConnection(List<FrameConsumer> consumers) {
        Map<String, List<FrameConsumer>> byConnection = new LinkedHashMap<>();
        for (FrameConsumer c : consumers) {
            byConnection
                    .computeIfAbsent(c.connectionId(), k -> new ArrayList<>())
                    .add(c);
        }
        List<ConsumerConnection> rows = new ArrayList<>();
        for (List<FrameConsumer> group : byConnection.values()) {
            Optional<Instant> oldest =
                    group.stream().flatMap(c -> c.since().stream()).min(Instant::compareTo);
            rows.add(new ConsumerConnection(
                    group.get(0).clientAddress(),
                    group.size(),
                    oldest.map(TIME::format).orElse("?")));
        }
        return rows;
    }

    public List<WorkerRow> workers(Instant now) throws SQLException {
        List<WorkerRow> rows = new ArrayList<>();
        double minutes = WORKER_WINDOW.toSeconds() / 60.0;
        for (WorkerFrames w : trail.framesPerWorker(now.minus(WORKER_WINDOW))) {
            rows.add(new WorkerRow(
                    w.worker().isEmpty() ? "(not recorded: frames from before this version)" : w.worker(),
                    w.deblurred(),
                    w.failed(),
                    String.format(Locale.ROOT, "%.1f", w.deblurred() / minutes),
                    TIME.format(w.lastFrame())));
        }
        return rows;
    }

    public List<DiskRow> disks() {
        List<DiskRow> rows = new ArrayList<>();
        String spoolFree;
        try {
            spoolFree = bytes(spool.usableBytes());
        } catch (Exception e) {
            spoolFree = "unknown (" + e.getMessage() + ")";
        }
        rows.add(new DiskRow(
                "spool (received objects, outbound copies)",
                spool.dataDir().toAbsolutePath().toString(),
                spoolFree));
        if (journal.journalDir().isEmpty()) {
            rows.add(new DiskRow("broker journal", "external broker", "not visible from the gateway"));
        } else {
            String journalFree;
            try {
                OptionalLong free = journal.usableBytes();
                journalFree = free.isPresent() ? bytes(free.getAsLong()) : "unknown";
            } catch (Exception e) {
                journalFree = "unknown (" + e.getMessage() + ")";
            }
            rows.add(new DiskRow(
                    "broker journal (embedded broker)",
                    journal.journalDir().get().toAbsolutePath().toString(),
                    journalFree));
        }
        return rows;
    }

    static String bytes(long n) {
        String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? n + " bytes" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
