package org.deblurgateway.gateway.console;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.RawString;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deblurgateway.gateway.console.ActivityChart.Series;
import org.deblurgateway.gateway.console.LoadedModels.ModelRow;
import org.deblurgateway.gateway.trail.TrailKind;
import org.deblurgateway.gateway.trail.TrailQueries;
import org.deblurgateway.gateway.trail.TrailQueries.MinuteCounts;
import org.deblurgateway.gateway.trail.TrailWriter;

/**
 * Overview: what the gateway did in the last hour and day, the chart of the last hour, the queues and dead letters,
 * the frame workers, free disk, the models.
 */
@Path("/console")
public class OverviewPage {

    private static final int MINUTES = 60;
    static final List<Series> SERIES = List.of(
            new Series("received", "received", List.of(TrailKind.RECEIVED)),
            new Series("forwarded", "forwarded", List.of(TrailKind.FORWARD_DELIVERED)),
            new Series("deblurred", "deblurred", List.of(TrailKind.DERIVED_WRITTEN)),
            new Series("passed through", "passed", List.of(TrailKind.PASSED_THROUGH)),
            new Series("failed", "failed", List.of(TrailKind.FORWARD_DEAD_LETTERED, TrailKind.FRAME_FAILED)));

    /** Counts of one window: per series label. */
    public record Window(String label, Map<String, Long> counts) {}

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance overview(
                ConsoleUser user,
                List<Window> windows,
                RawString chart,
                List<ModelRow> models,
                long trailQueued,
                long trailDropped,
                List<PipelineState.QueueRow> workQueues,
                List<PipelineState.QueueRow> deadLetterQueues,
                Optional<List<PipelineState.ConsumerConnection>> frameConsumers,
                int frameConsumerCount,
                List<PipelineState.WorkerRow> workers,
                long workerWindowMinutes,
                List<PipelineState.DiskRow> disks);
    }

    private final TrailQueries trail;
    private final TrailWriter writer;
    private final LoadedModels models;
    private final PipelineState pipeline;
    private final SecurityIdentity identity;

    public OverviewPage(
            TrailQueries trail,
            TrailWriter writer,
            LoadedModels models,
            PipelineState pipeline,
            SecurityIdentity identity) {
        this.trail = trail;
        this.writer = writer;
        this.models = models;
        this.pipeline = pipeline;
        this.identity = identity;
    }

    @GET
    @Blocking
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance overview() throws SQLException {
        Instant now = Instant.now();
        MinuteCounts lastHour = trail.perMinute(now, MINUTES);
        Window hour = new Window("last hour", ActivityChart.totals(lastHour, SERIES));
        Window day = new Window("last 24 hours", totals(trail.countsSince(now.minus(Duration.ofDays(1)))));
        Optional<List<PipelineState.ConsumerConnection>> consumers = pipeline.frameConsumers();
        return Templates.overview(
                ConsoleUser.of(identity),
                List.of(hour, day),
                ActivityChart.svg(lastHour, MINUTES, SERIES),
                models.rows(),
                writer.queued(),
                writer.droppedCount(),
                pipeline.workQueues(),
                pipeline.deadLetterQueues(),
                consumers,
                consumers
                        .map(c -> c.stream()
                                .mapToInt(PipelineState.ConsumerConnection::consumers)
                                .sum())
                        .orElse(0),
                pipeline.workers(now),
                PipelineState.WORKER_WINDOW.toMinutes(),
                pipeline.disks());
    }

    private static Map<String, Long> totals(Map<String, Long> perKind) {
        Map<String, Long> totals = new LinkedHashMap<>();
        for (Series series : SERIES) {
            totals.put(
                    series.label(),
                    series.kinds().stream()
                            .mapToLong(k -> perKind.getOrDefault(k, 0L))
                            .sum());
        }
        return totals;
    }
}
