package org.deblurgateway.gateway.trail;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.deblurgateway.routes.events.PipelineEvent;
import org.deblurgateway.testsupport.Waits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Events that arrive a few milliseconds apart, as a modality's objects' do, share a transaction: after the first
 * event the writer gathers for the batch delay (200 ms in {@link TrailSettings}) instead of writing it alone at once.
 */
class TrailBatchingTest {

    @TempDir
    Path dataDir;

    @Test
    void twoObjectsFiveMillisecondsApart_oneTransaction() throws Exception {
        AtomicInteger transactions = new AtomicInteger();
        TrailDatabase database = new TrailDatabase(TrailSettings.h2(), dataDir) {
            @Override
            public Connection connection() throws SQLException {
                transactions.incrementAndGet(); // the writer opens one connection per transaction
                return super.connection();
            }
        };
        try {
            TrailWriter writer = new TrailWriter(database, TrailSettings.h2(), true);
            writer.start();
            // Warm: the schema made and the writer idle, so it would write a lone event at once.
            List<PipelineEvent> warm = TrailEvents.deblurredChest("2.25.42420", "P-0", Instant.now());
            warm.forEach(writer::accept);
            awaitWritten(writer, warm.size());
            Thread.sleep(300);
            int before = transactions.get();

            PipelineEvent first = TrailEvents.deblurredChest("2.25.42421", "P-1", Instant.now())
                    .get(0);
            PipelineEvent second = TrailEvents.deblurredChest("2.25.42422", "P-2", Instant.now())
                    .get(0);
            writer.accept(first);
            Thread.sleep(5);
            writer.accept(second);
            awaitWritten(writer, warm.size() + 2);

            assertEquals(1, transactions.get() - before, "transactions for two events 5 ms apart");
            writer.stop();
        } finally {
            database.close();
        }
    }

    private static void awaitWritten(TrailWriter writer, int events) {
        Waits.until(
                events + " events written",
                Duration.ofSeconds(30),
                10,
                () -> writer.writtenCount() == events,
                () -> writer.writtenCount() + " written");
    }
}
