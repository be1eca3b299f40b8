package org.deblurgateway.gateway.trail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.deblurgateway.gateway.metrics.MetricsConfig;
import org.deblurgateway.gateway.metrics.PipelineMetrics;
import org.deblurgateway.routes.events.PipelineEvent;
import org.deblurgateway.routes.events.PipelineEvent.ObjectRef;
import org.deblurgateway.routes.events.PipelineEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What recording costs the thread that reports an object (the listener's, for a receipt): the trail only enqueues
 * and the meters only count, so a receipt costs microseconds; with the database stalled (the writer not writing)
 * nothing waits: the queue fills to its capacity and every event beyond it is dropped and counted.
 */
class TrailRecordingCostTest {

    private static final int EVENTS = 150_000;

    @TempDir
    Path dataDir;

    @Test
    void record_databaseStalled_neverBlocks_dropsBeyondCapacityAndCountsThem() {
        TrailDatabase database = new TrailDatabase(TrailSettings.h2(), dataDir);
        try {
            // Not started: nothing takes events from the queue, as with a database that no longer answers.
            TrailWriter stalled = new TrailWriter(database, TrailSettings.h2(), true);
            PipelineMetrics metrics = new PipelineMetrics(new SimpleMeterRegistry(), new Enabled());
            PipelineEvents events = new PipelineEvents(List.of(stalled, metrics));
            long[] nanos = new long[EVENTS];
            Instant at = Instant.now();
            for (int i = 0; i < EVENTS; i++) {
                PipelineEvent received = received(at, i);
                long t0 = System.nanoTime();
                events.record(received);
                nanos[i] = System.nanoTime() - t0;
            }
            int capacity = TrailSettings.h2().trailQueueCapacity();
            assertEquals(capacity, stalled.queued());
            assertEquals(EVENTS - capacity, stalled.droppedCount(), "every event beyond the capacity counted");
            Arrays.sort(nanos);
            long median = nanos[EVENTS / 2];
            long p99 = nanos[EVENTS * 99 / 100];
            long max = nanos[EVENTS - 1];
            System.out.printf(
                    "record(Received) with trail + meters: median %d ns, p99 %d ns, max %d ns (%s)%n",
                    median, p99, max, Runtime.getRuntime().availableProcessors() + " cores");
            // Generous bounds for a shared machine: a database call on this path would take milliseconds.
            assertTrue(median < 50_000, "median " + median + " ns");
            assertTrue(max < Duration.ofSeconds(1).toNanos(), "max " + max + " ns: something waited");
        } finally {
            database.close();
        }
    }

    private static PipelineEvent received(Instant at, int i) {
        return new PipelineEvent.Received(
                at,
                new ObjectRef("2.25.11", "2.25.12", "2.25.13." + i),
                "CT" + (i % 4),
                "DEBLUR",
                "1.2.840.10008.5.1.4.1.1.2",
                "1.2.840.10008.1.2.1",
                "CT",
                525_312,
                "P" + i,
                "DOE^JOHN",
                "A" + i,
                "HEAD",
                "AX");
    }

    private static final class Enabled implements MetricsConfig {
        @Override
        public boolean enabled() {
            return true;
        }

        @Override
        public Duration queueDepthRefresh() {
            return Duration.ofSeconds(2);
        }
    }
}
