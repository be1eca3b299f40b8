package org.deblurgateway.gateway.console.viewer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.deblurgateway.dicom.pixels.PixelDecoder;
import org.deblurgateway.routes.events.PipelineEvent;
import org.deblurgateway.routes.events.PipelineEvents;
import org.deblurgateway.testsupport.SyntheticSources;
import org.deblurgateway.testsupport.Waits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The preview sink on the event bus: the job's files are gone right after the event (as markAssembled does), yet the
 * preview is made from what the sink linked; events without files are ignored.
 */
class PreviewSinkTest {

    @TempDir
    Path dir;

    @Test
    void derivedInstanceWritten_filesRemovedRightAfter_previewStillMade() throws Exception {
        PixelDecoder decoder = PreviewPairs.decoder(dir.resolve("scratch"));
        PreviewPairs.Pair pair = PreviewPairs.write(dir.resolve("cr"), SyntheticSources.CR_MONO1_16, decoder);
        PreviewSink sink = new PreviewSink(new PreviewStore(dir.resolve("previews"), decoder, 10, 1 << 30, 2), true, 4);
        sink.start();
        try {
            int[] original = pair.sourceImage().frames().frame(0).samples();
            String uid = pair.derived().sopInstanceUid();
            new PipelineEvents(List.of(sink))
                    .record(new PipelineEvent.DerivedInstanceWritten(
                            Instant.now(),
                            new PipelineEvent.ObjectRef("", "", "2.25.55"),
                            "2.25.56",
                            uid,
                            "rdsam-lite",
                            0.6,
                            0.3,
                            Optional.of(new PipelineEvent.DerivedFiles(
                                    pair.source(), pair.derived().file()))));
            Files.delete(pair.source());
            Files.delete(pair.derived().file());

            Waits.until(
                    "preview stored",
                    Duration.ofSeconds(30),
                    50,
                    () -> sink.storedCount() == 1,
                    () -> "stored " + sink.storedCount());
            Preview preview = sink.store().get(uid).orElseThrow();
            assertEquals("2.25.55", preview.sourceSopInstanceUid());
            assertEquals(0.6, preview.blurScoreIn());
            assertArrayEquals(
                    original, PreviewStoreTest.samples(sink.store(), uid, 0, PreviewStore.Side.ORIGINAL, false));
            assertTrue(
                    Files.notExists(dir.resolve("previews").resolve(".incoming").resolve(uid)),
                    "links removed once previewed");
        } finally {
            sink.stop();
        }
    }

    @Test
    void eventWithoutFiles_ignored() throws Exception {
        PreviewSink sink = new PreviewSink(
                new PreviewStore(dir.resolve("previews"), PreviewPairs.decoder(dir.resolve("scratch")), 10, 1 << 30, 2),
                true,
                4);
        sink.accept(new PipelineEvent.DerivedInstanceWritten(
                Instant.now(), new PipelineEvent.ObjectRef("", "", "1"), "2.25.2", "2.25.3", "m"));
        assertEquals(0, sink.queued());
    }
}
