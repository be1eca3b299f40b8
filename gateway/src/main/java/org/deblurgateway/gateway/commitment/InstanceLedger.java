package org.deblurgateway.gateway.commitment;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deblurgateway.dicom.files.DurableFiles;
import org.deblurgateway.routes.config.GatewayConfig;
import org.deblurgateway.routes.events.PipelineEvent;
import org.deblurgateway.routes.events.PipelineEvent.Outcome;
import org.deblurgateway.routes.events.PipelineEventSink;
import org.deblurgateway.routes.spool.DataDir;
import org.jboss.logging.Logger;

/**
 * The pipeline's own record of each received instance, kept for Storage Commitment: receipt, the rule's destinations,
 * each delivery and dead letter, read from the pipeline events as they are reported. Every event is appended to
 * {@code <data-dir>/commitment/ledger.log} before the step that reported it commits, so a {@code kill -9} loses none
 * (the OS has the bytes; no fsync per event, so a power cut may lose the last ones, which can only delay or fail a
 * commitment, never commit an instance falsely). At start the log is replayed and rewritten without the instances
 * older than the retention; while running it is rewritten the same way once the lines appended since the last rewrite
 * outnumber the lines that rewrite wrote (and {@link #COMPACT_AFTER_LINES} at the least), so under continuous traffic
 * the file holds at most about twice what the instances within the retention need, and the records in memory only
 * those instances.
 */
@ApplicationScoped
public class InstanceLedger implements PipelineEventSink {

    private static final Logger LOG = Logger.getLogger(InstanceLedger.class);
    private static final String FILE = "ledger.log";
    /** Appended lines that make a rewrite worth its cost at the least (a few MB of log). */
    static final int COMPACT_AFTER_LINES = 20_000;

    private final Path folder;
    private final boolean enabled;
    private final Duration retention;
    private final Clock clock;
    private final int compactAfterLines;
    private final Map<String, InstanceRecord> instances = new HashMap<>();
    /** Derived SOP Instance UID -> its source's. */
    private final Map<String, String> sourceOfDerived = new HashMap<>();

    private BufferedWriter log;
    /** Replayed once; after that {@link #log} may be null only where the file could not be reopened. */
    private boolean opened;
    /** Lines appended since the last rewrite, and how many that rewrite wrote. */
    private long appendedLines;

    private long compactedLines;

    @Inject
    public InstanceLedger(StorageCommitmentConfig config, GatewayConfig gateway, DataDir dataDir) {
        this(
                dataDir.root().resolve("commitment"),
                config.enabled() && gateway.role().hostsPipeline(),
                config.ledgerRetention());
    }

    InstanceLedger(Path folder, boolean enabled, Duration retention) {
        this(folder, enabled, retention, Clock.systemUTC(), COMPACT_AFTER_LINES);
    }

    /** @param clock what "older than the retention" is measured against */
    InstanceLedger(Path folder, boolean enabled, Duration retention, Clock clock, int compactAfterLines) {
        this.folder = folder;
        this.enabled = enabled;
        this.retention = retention;
        this.clock = clock;
        this.compactAfterLines = compactAfterLines;
    }

    void onStart(@Observes StartupEvent start) {
        open();
    }

    /** Replays and compacts the log, then appends to it. Idempotent. */
    synchronized void open() {
        if (!enabled || opened) {
            return;
        }
        try {
            Files.createDirectories(folder);
            Path file = folder.resolve(FILE);
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    apply(line.split("\t", -1));
                }
            }
            compact(file);
            log = appending(file);
            opened = true;
            LOG.infof("DGW-STC-010 storage commitment ledger: %d instance(s) known", instances.size());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the storage commitment ledger in " + folder, e);
        }
    }

    private static BufferedWriter appending(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        return new BufferedWriter(Channels.newWriter(channel, StandardCharsets.UTF_8));
    }

    /** Drops the instances older than the retention and rewrites the log with what is left (temp, fsync, rename). */
    private void compact(Path file) throws IOException {
        long oldest = clock.millis() - retention.toMillis();
        instances.values().removeIf(r -> r.updatedAt < oldest);
        sourceOfDerived.values().removeIf(source -> !instances.containsKey(source));
        Path temp = folder.resolve(FILE + ".tmp");
        long lines = 0;
        try (BufferedWriter out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
            for (Map.Entry<String, InstanceRecord> e : instances.entrySet()) {
                for (String line : snapshot(e.getKey(), e.getValue())) {
                    out.write(line);
                    out.write('\n');
                    lines++;
                }
            }
            for (Map.Entry<String, String> derived : sourceOfDerived.entrySet()) {
                out.write(line("W", instances.get(derived.getValue()).updatedAt, derived.getValue(), derived.getKey()));
                out.write('\n');
                lines++;
            }
        }
        DurableFiles.force(temp);
        DurableFiles.rename(temp, file);
        DurableFiles.syncFolder(folder);
        compactedLines = lines;
        appendedLines = 0;
    }

    /**
     * Rewrites the log while running, under the lock. The appends of the old file are all in the new one (the records
     * are what the old file replays to), so a crash at any point leaves one complete log: the old or the new.
     */
    private void compactWhileRunning() {
        Path file = folder.resolve(FILE);
        long started = System.nanoTime();
        int before = instances.size();
        try {
            log.close();
        } catch (IOException e) {
            LOG.warnf("DGW-STC-013 storage commitment ledger not closed before its rewrite: %s", e.toString());
        }
        log = null;
        try {
            compact(file);
            LOG.debugf(
                    "storage commitment ledger rewritten: %d of %d instance(s) kept, %d line(s), %d ms",
                    instances.size(), before, compactedLines, (System.nanoTime() - started) / 1_000_000);
        } catch (IOException e) {
            // The old file is still in place and complete: append to it and try again after as many lines more.
            appendedLines = 0;
            LOG.warnf("DGW-STC-013 storage commitment ledger not rewritten, appending to it: %s", e.toString());
        }
        try {
            log = appending(file);
        } catch (IOException e) {
            LOG.warnf("DGW-STC-011 storage commitment ledger not written: %s", e.toString());
        }
    }

    /** The lines that rebuild {@code r} on replay. */
    private static List<String> snapshot(String sop, InstanceRecord r) {
        ArrayList<String> lines = new ArrayList<>();
        if (r.received) {
            lines.add(line("R", r.updatedAt, sop, r.sopClassUid));
        }
        if (r.rule != null) {
            lines.add(line(
                    "M",
                    r.updatedAt,
                    sop,
                    r.rule,
                    r.action,
                    Boolean.toString(r.sendsOriginal),
                    String.join(",", r.destinations)));
        }
        for (String d : r.deliveredOriginal) {
            lines.add(line("F", r.updatedAt, sop, d, Outcome.DELIVERED.name(), ""));
        }
        for (String d : r.deliveredDerived) {
            lines.add(line("G", r.updatedAt, sop, d));
        }
        for (Map.Entry<String, String> d : r.deadLettered.entrySet()) {
            lines.add(line("F", r.updatedAt, sop, d.getKey(), Outcome.DEAD_LETTERED.name(), d.getValue()));
        }
        return lines;
    }

    @Override
    public void accept(PipelineEvent event) {
        if (!enabled) {
            return;
        }
        String[] fields = fields(event);
        if (fields == null) {
            return;
        }
        synchronized (this) {
            // Camel's consumers start before StartupEvent: a forward re-driven after a restart may report first, and
            // must land after the replay, in the log.
            open();
            apply(fields);
            if (log != null) {
                try {
                    log.write(String.join("\t", fields));
                    log.write('\n');
                    log.flush(); // to the OS now: kill -9 keeps it
                    appendedLines++;
                } catch (IOException e) {
                    LOG.warnf("DGW-STC-011 storage commitment ledger not written: %s", e.toString());
                }
                if (appendedLines > Math.max(compactAfterLines, compactedLines)) {
                    compactWhileRunning();
                }
            }
        }
    }

    private static String[] fields(PipelineEvent event) {
        long at = event.at().toEpochMilli();
        String sop = event.object().sopInstanceUid();
        if (event instanceof PipelineEvent.Received r) {
            return new String[] {"R", Long.toString(at), sop, r.sopClassUid()};
        }
        if (event instanceof PipelineEvent.RuleMatched m) {
            return new String[] {
                "M",
                Long.toString(at),
                sop,
                m.rule(),
                m.action(),
                Boolean.toString(m.sendsOriginal()),
                String.join(",", m.destinations())
            };
        }
        if (event instanceof PipelineEvent.DerivedInstanceWritten w) {
            return new String[] {"W", Long.toString(at), sop, w.derivedSopInstanceUid()};
        }
        if (event instanceof PipelineEvent.ForwardAttempted f && f.outcome() != Outcome.RETRY) {
            return new String[] {
                "F",
                Long.toString(at),
                f.sentSopInstanceUid(),
                f.destination(),
                f.outcome().name(),
                clean(f.error())
            };
        }
        return null;
    }

    private static String line(String kind, long at, String... rest) {
        String[] all = new String[rest.length + 2];
        all[0] = kind;
        all[1] = Long.toString(at);
        System.arraycopy(rest, 0, all, 2, rest.length);
        return String.join("\t", all);
    }

    private static String clean(String text) {
        return text == null ? "" : text.replace('\t', ' ').replace('\n', ' ');
    }

    /** Applies one event (as its log fields) to the records; lines that do not parse are skipped. */
    private void apply(String[] f) {
        if (f.length < 3) {
            return;
        }
        long at;
        try {
            at = Long.parseLong(f[1]);
        } catch (NumberFormatException e) {
            return; // a line cut short by a crash
        }
        switch (f[0]) {
            case "R" -> {
                if (f.length < 4) {
                    return;
                }
                InstanceRecord r = instances.computeIfAbsent(f[2], k -> new InstanceRecord());
                if (r.received) {
                    r.receivedAgain();
                }
                r.received = true;
                r.sopClassUid = f[3];
                r.updatedAt = Math.max(r.updatedAt, at);
            }
            case "M" -> {
                if (f.length < 7) {
                    return;
                }
                InstanceRecord r = instances.computeIfAbsent(f[2], k -> new InstanceRecord());
                r.rule = f[3];
                r.action = f[4];
                r.sendsOriginal = Boolean.parseBoolean(f[5]);
                r.destinations = f[6].isEmpty() ? List.of() : Arrays.asList(f[6].split(","));
                r.updatedAt = Math.max(r.updatedAt, at);
            }
            case "W" -> {
                if (f.length < 4) {
                    return;
                }
                sourceOfDerived.put(f[3], f[2]);
                touch(f[2], at);
            }
            case "G" -> {
                if (f.length < 4) {
                    return;
                }
                InstanceRecord r = touch(f[2], at);
                r.deliveredDerived.add(f[3]);
            }
            case "F" -> {
                if (f.length < 6) {
                    return;
                }
                String derivedOf = sourceOfDerived.get(f[2]);
                String source = derivedOf == null ? f[2] : derivedOf;
                InstanceRecord r = touch(source, at);
                boolean delivered = Outcome.DELIVERED.name().equals(f[4]);
                if (delivered) {
                    (derivedOf == null ? r.deliveredOriginal : r.deliveredDerived).add(f[3]);
                    r.deadLettered.remove(f[3]);
                } else {
                    r.deadLettered.put(f[3], f[5].isEmpty() ? "dead-lettered" : f[5]);
                }
            }
            default -> {
                // An unknown kind (a later version's line): nothing to apply.
            }
        }
    }

    private InstanceRecord touch(String sop, long at) {
        InstanceRecord r = instances.computeIfAbsent(sop, k -> new InstanceRecord());
        r.updatedAt = Math.max(r.updatedAt, at);
        return r;
    }

    /** Judges {@code sopInstanceUid} (received as {@code sopClassUid}) under the lock. */
    synchronized Verdict judge(String sopClassUid, String sopInstanceUid, CommitmentJudge judge) {
        return judge.judge(sopClassUid, Optional.ofNullable(instances.get(sopInstanceUid)));
    }

    /** Instances held in memory (for tests of the bound). */
    synchronized int size() {
        return instances.size();
    }
}
