package org.deblurgateway.routes.flow;

import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.deblurgateway.routes.Queues;
import org.deblurgateway.routes.RoutingStatistics;
import org.deblurgateway.routes.rules.RulesReload;
import org.deblurgateway.routes.spool.DataDir;

/**
 * The running routes as one flow test finds them: {@link #reset()} before each test leaves no message waiting or
 * scheduled on the work queues, no dead letter, no file in the spools or jobs, no hook and no event from the test
 * before, and the test's rules come into force through
 * the application's own {@link RulesReload}.
 */
@Singleton
public class FlowPipeline {

    private final CamelContext camel;
    private final RulesReload rulesReload;
    private final DataDir dataDir;
    private final RoutingStatistics statistics;
    private final FlowQueues queues;
    private final FlowHooks hooks;
    private final RecordedEvents events;

    public FlowPipeline(
            CamelContext camel,
            RulesReload rulesReload,
            DataDir dataDir,
            RoutingStatistics statistics,
            FlowQueues queues,
            FlowHooks hooks,
            RecordedEvents events) {
        this.camel = camel;
        this.rulesReload = rulesReload;
        this.dataDir = dataDir;
        this.statistics = statistics;
        this.queues = queues;
        this.hooks = hooks;
        this.events = events;
    }

    /** Clears what an earlier test left and returns the routing counters from now on. */
    public StatisticsSince reset() throws Exception {
        hooks.reset(camel);
        events.clear();
        for (String queue : List.of(
                Queues.INGEST,
                Queues.OUTBOUND,
                Queues.DEBLUR_FRAMES,
                Queues.DEBLUR_RESULTS,
                Queues.OUTBOUND_DEAD_LETTER,
                FlowBrokerResource.DLA)) {
            queues.purge(queue);
        }
        for (Path folder : List.of(
                dataDir.receiveSpool().incoming(), dataDir.receiveSpool().tmp(), dataDir.outbound(), dataDir.jobs())) {
            deleteFilesUnder(folder);
        }
        return new StatisticsSince(statistics);
    }

    /** Puts {@code yaml} in force as the rules (and the rules file), as the console's Apply does. */
    public void rules(String yaml) {
        rulesReload.apply(yaml, "flow-test");
    }

    /** {@code gateway.data-dir}: spool paths in messages are relative to it. */
    public Path dataDir() {
        return dataDir.root();
    }

    private static void deleteFilesUnder(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                if (!path.equals(folder)) {
                    Files.delete(path);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
