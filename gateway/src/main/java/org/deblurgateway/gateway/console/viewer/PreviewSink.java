package org.deblurgateway.gateway.console.viewer;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.deblurgateway.dicom.pixels.PixelDecoder;
import org.deblurgateway.routes.config.GatewayConfig;
import org.deblurgateway.routes.config.ProcessRole;
import org.deblurgateway.routes.events.PipelineEvent;
import org.deblurgateway.routes.events.PipelineEventSink;
import org.jboss.logging.Logger;

/**
 * Feeds the {@link PreviewStore} from the pipeline's events: on {@link PipelineEvent.DerivedInstanceWritten} it
 * hard-links the source and derived files into {@code previews/.incoming/<uid>/} (the job removes its own names right
 * after the event; a link costs no copy) and leaves decoding to one background thread, so the assembler is never
 * held up by the console. Links left by a crash are previewed at the next start. A full queue drops the preview
 * (counted, logged at debug), never the object.
 */
@ApplicationScoped
public class PreviewSink implements PipelineEventSink {

    private static final Logger LOG = Logger.getLogger(PreviewSink.class);
    private static final String INCOMING = ".incoming";
    private static final String SOURCE = "source.dcm";
    private static final String DERIVED = "derived.dcm";
    private static final String EVENT = "event.properties";

    private final PreviewStore store;
    private final boolean enabled;
    private final BlockingQueue<Path> queue;
    private final LongAdder dropped = new LongAdder();
    private final LongAdder stored = new LongAdder();
    private volatile boolean running;
    private Thread thread;

    @Inject
    public PreviewSink(PreviewConfig config, GatewayConfig process, PixelDecoder decoder) {
        this(
                new PreviewStore(
                        process.dataDir().toAbsolutePath().resolve("previews"),
                        decoder,
                        config.maxInstances(),
                        config.maxBytes().asLongValue(),
                        config.maxFrames()),
                config.enabled() && process.role() == ProcessRole.GATEWAY,
                config.queueCapacity());
    }

    public PreviewSink(PreviewStore store, boolean enabled, int queueCapacity) {
        this.store = store;
        this.enabled = enabled;
        this.queue = new ArrayBlockingQueue<>(Math.max(1, queueCapacity));
    }

    public PreviewStore store() {
        return store;
    }

    public boolean enabled() {
        return enabled;
    }

    void onStart(@Observes StartupEvent start) {
        start();
    }

    void onStop(@Observes ShutdownEvent stop) {
        stop();
    }

    /** Starts the decoding thread and queues what a crash left in {@code .incoming/}. */
    public void start() {
        if (!enabled || running) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "console-previews");
        thread.setDaemon(true);
        thread.start();
        try (DirectoryStream<Path> left = Files.newDirectoryStream(incoming())) {
            for (Path dir : left) {
                if (!queue.offer(dir)) {
                    PreviewStore.deleteTree(dir);
                }
            }
        } catch (IOException e) {
            LOG.debugf("no incoming previews to resume: %s", e);
        }
    }

    public void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void accept(PipelineEvent event) {
        if (!enabled
                || !(event instanceof PipelineEvent.DerivedInstanceWritten written)
                || written.files().isEmpty()
                || !PreviewStore.isUid(written.derivedSopInstanceUid())) {
            return;
        }
        if (queue.remainingCapacity() == 0) {
            dropped.increment();
            LOG.debugf("preview queue full: no preview of %s", written.derivedSopInstanceUid());
            return;
        }
        Path dir = incoming().resolve(written.derivedSopInstanceUid());
        try {
            PreviewStore.deleteTree(dir);
            Files.createDirectories(dir);
            link(written.files().get().source(), dir.resolve(SOURCE));
            link(written.files().get().derived(), dir.resolve(DERIVED));
            Properties p = new Properties();
            p.setProperty("source", written.object().sopInstanceUid());
            p.setProperty("model", written.model());
            p.setProperty("blurScoreIn", Double.toString(written.blurScoreIn()));
            p.setProperty("blurScoreOut", Double.toString(written.blurScoreOut()));
            try (Writer out = Files.newBufferedWriter(dir.resolve(EVENT), StandardCharsets.UTF_8)) {
                p.store(out, null);
            }
        } catch (IOException e) {
            LOG.warnf(
                    "DGW-CON-042 no preview of %s: cannot keep its files (%s)",
                    written.derivedSopInstanceUid(), e.toString());
            quietlyDelete(dir);
            return;
        }
        if (!queue.offer(dir)) {
            dropped.increment();
            quietlyDelete(dir);
        }
    }

    /** Previews dropped because the queue was full (since start). */
    public long droppedCount() {
        return dropped.sum();
    }

    /** Previews written (since start). */
    public long storedCount() {
        return stored.sum();
    }

    /** Derived instances waiting for their preview. */
    public int queued() {
        return queue.size();
    }

    private void run() {
        while (running) {
            Path dir;
            try {
                dir = queue.poll(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (dir != null) {
                preview(dir);
            }
        }
    }

    private void preview(Path dir) {
        String uid = dir.getFileName().toString();
        try (Reader in = Files.newBufferedReader(dir.resolve(EVENT), StandardCharsets.UTF_8)) {
            Properties p = new Properties();
            p.load(in);
            if (store.put(
                            uid,
                            p.getProperty("source", ""),
                            p.getProperty("model", ""),
                            dir.resolve(SOURCE),
                            dir.resolve(DERIVED),
                            Double.parseDouble(p.getProperty("blurScoreIn", "NaN")),
                            Double.parseDouble(p.getProperty("blurScoreOut", "NaN")))
                    .isPresent()) {
                stored.increment();
            }
        } catch (IOException | RuntimeException e) {
            LOG.warnf("DGW-CON-043 no preview of %s: %s", uid, e.toString());
        } finally {
            quietlyDelete(dir);
        }
    }

    private Path incoming() {
        return store.root().resolve(INCOMING);
    }

    /** A hard link (same file system: both under the data directory); a copy where links are refused. */
    private static void link(Path from, Path to) throws IOException {
        try {
            Files.createLink(to, from);
        } catch (UnsupportedOperationException | FileSystemException e) {
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void quietlyDelete(Path dir) {
        try {
            PreviewStore.deleteTree(dir);
        } catch (IOException e) {
            LOG.debugf("cannot remove %s: %s", dir, e);
        }
    }
}
