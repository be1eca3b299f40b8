package org.deblurgateway.routes.deblur;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.deblurgateway.dicom.derived.DerivedInstanceWriter;
import org.deblurgateway.dicom.derived.DerivedSeriesSettings;
import org.deblurgateway.dicom.pixels.DecodedImage;
import org.deblurgateway.dicom.pixels.PixelDecoder;
import org.deblurgateway.dicom.pixels.PixelLimits;
import org.deblurgateway.model.image.Frame;
import org.deblurgateway.routes.RoutingStatistics;
import org.deblurgateway.routes.events.PipelineEvent;
import org.deblurgateway.routes.events.PipelineEventSink;
import org.deblurgateway.routes.events.PipelineEvents;
import org.deblurgateway.routes.forward.OutboundRoute;
import org.deblurgateway.routes.messages.CamelMessages;
import org.deblurgateway.routes.messages.FrameResult;
import org.deblurgateway.routes.spool.DataDir;
import org.deblurgateway.routes.spool.OutboundSpool;
import org.deblurgateway.testsupport.SyntheticSources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The derived instance is reported only once the job's assembled marker is durable: a crash before that makes the
 * redelivered result write the instance again, so an earlier report would name an instance that is written twice.
 */
class DerivedInstanceReportOrderTest {

    private static final String JOB = "2.25.777001";

    @TempDir
    Path temp;

    /** What a sink sees when the report arrives: the marker's state and whether the files are still readable. */
    private record Seen(boolean markerDurable, boolean sourceReadable, boolean derivedReadable) {}

    @Test
    void derivedInstanceWritten_isReportedAfterTheMarker_whileTheFilesRemain() throws Exception {
        Path data = Files.createDirectories(temp.resolve("data"));
        DeblurJobStore jobs = new DeblurJobStore(new DataDir(data));
        OutboundSpool spool = new OutboundSpool(new DataDir(data));
        Path received = SyntheticSources.write(
                Files.createDirectories(data.resolve("spool").resolve("incoming")), SyntheticSources.DX_MONO2_16);
        DecodedImage image = (DecodedImage) new PixelDecoder(
                        new PixelLimits(36_000_000, 268_435_456, Duration.ofSeconds(60)),
                        Files.createDirectories(temp.resolve("scratch")))
                .decode(received);
        jobs.create(
                new JobManifest(
                        JOB,
                        "deblur-all",
                        "rdsam-lite",
                        List.of("pacs"),
                        false,
                        received.getFileName().toString(),
                        image.layout(),
                        "DX",
                        System.currentTimeMillis()),
                received);
        Frame frame = image.frames().frame(0);

        List<Seen> seen = new ArrayList<>();
        PipelineEventSink sink = event -> {
            if (event instanceof PipelineEvent.DerivedInstanceWritten written) {
                PipelineEvent.DerivedFiles files = written.files().orElseThrow();
                try {
                    seen.add(new Seen(
                            jobs.assembled(JOB).isPresent(),
                            Files.isReadable(files.source()),
                            Files.isReadable(files.derived())));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
        DerivedInstanceAssembler assembler = new DerivedInstanceAssembler(
                jobs,
                new DerivedInstanceWriter(
                        new DerivedSeriesSettings(" DEBLURRED", 1000, "RESEARCH", "Deblur Gateway project", "test")),
                spool,
                new RoutingStatistics(),
                new PipelineEvents(List.of(sink)));

        try (CamelContext camel = new DefaultCamelContext()) {
            Exchange exchange = new DefaultExchange(camel);
            CamelMessages.write(
                    exchange.getMessage(),
                    new FrameResult(
                            JOB,
                            0,
                            "w1",
                            new FrameResult.Deblurred(frame, 0.6, 0.3, 12, "1.0", "ab", "CPU", "whole frame")));
            assembler.process(exchange);

            assertEquals(
                    1, exchange.getProperty(OutboundRoute.MESSAGES, List.class).size(), "queued for pacs");
        }
        assertEquals(List.of(new Seen(true, true, true)), seen, "reported once, after the marker, files readable");
        assertTrue(jobs.assembled(JOB).isPresent());
        assertFalse(Files.exists(jobs.source(JOB)), "the job's files are released after the report");
    }
}
