package org.deblurgateway.gateway.trail;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.deblurgateway.gateway.trail.TrailQueries.WorkerFrames;
import org.deblurgateway.routes.events.PipelineEvent;
import org.deblurgateway.routes.events.PipelineEvent.ObjectRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trail keeps which worker reported each frame, and the Overview's per-worker counts come from it. */
class TrailWorkerFramesTest {

    @TempDir
    Path dataDir;

    @Test
    void framesPerWorker_countsDeblurredAndFailedInTheWindow_busiestFirst() throws Exception {
        Instant now = Instant.now();
        ObjectRef object = new ObjectRef("2.25.61", "2.25.62", "2.25.63");
        TrailDatabase database = new TrailDatabase(TrailSettings.h2(), dataDir);
        try {
            TrailWriter writer = new TrailWriter(database, TrailSettings.h2(), true);
            writer.start();
            for (int i = 0; i < 3; i++) {
                writer.accept(frame(now.minusSeconds(i), object, i, "gpu-worker@host-b", ""));
            }
            writer.accept(frame(now, object, 3, "1234@gateway-host", ""));
            writer.accept(frame(now, object, 4, "1234@gateway-host", "network failed"));
            // Outside the window: not counted.
            writer.accept(frame(now.minusSeconds(3600), object, 5, "old-worker", ""));
            writer.stop();

            List<WorkerFrames> workers = new TrailQueries(database).framesPerWorker(now.minusSeconds(600));
            assertEquals(2, workers.size(), workers.toString());
            assertEquals("gpu-worker@host-b", workers.get(0).worker());
            assertEquals(3, workers.get(0).deblurred());
            assertEquals(0, workers.get(0).failed());
            assertEquals(now.toEpochMilli(), workers.get(0).lastFrame().toEpochMilli());
            assertEquals("1234@gateway-host", workers.get(1).worker());
            assertEquals(1, workers.get(1).deblurred());
            assertEquals(1, workers.get(1).failed());
        } finally {
            database.close();
        }
    }

    private static PipelineEvent frame(Instant at, ObjectRef object, int index, String worker, String failure) {
        return new PipelineEvent.FrameDeblurred(
                at, object, index, 8, worker, "rdsam-lite", "CPU", 700, 1_000_000, failure);
    }
}
