package org.deblurgateway.routes.messages;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.deblurgateway.dicom.DataSetSummary;
import org.deblurgateway.dicom.scp.ReceivedObject;
import org.deblurgateway.model.image.Frame;
import org.deblurgateway.routes.spool.OutboundSpool.OutboundCopy;
import org.junit.jupiter.api.Test;

/** Each queue message read back from its own wire form, and the property names other peers rely on. */
class QueueMessagesTest {

    private static final DataSetSummary SUMMARY = new DataSetSummary(
            "1.2.840.10008.5.1.4.1.1.7",
            "2.25.1",
            "2.25.2",
            "2.25.3",
            "1.2.840.10008.1.2.1",
            "OT",
            "CHEST",
            "Series",
            "Study",
            "PID-1",
            "DOE^JANE",
            "ACC-1");

    @Test
    void ingest_roundTripAndPropertyNames() {
        IngestMessage ingest = IngestMessage.of(new ReceivedObject(
                "spool/incoming/2.25.1.dcm", "MODALITY", "DEBLUR", SUMMARY, Instant.ofEpochMilli(1234)));

        Map<String, Object> headers = ingest.headers();

        assertEquals("spool/incoming/2.25.1.dcm", headers.get("spoolPath"));
        assertEquals("MODALITY", headers.get("callingAeTitle"));
        assertEquals(1234L, headers.get("receivedAt"));
        assertFalse(headers.containsKey("rule"), "no rule before the rules step");
        assertEquals(ingest, IngestMessage.decode(headers));
        assertEquals(
                "pass",
                IngestMessage.decode(ingest.matched("default", "pass").headers())
                        .object()
                        .action());
    }

    @Test
    void outbound_firstAttemptKeepsTheObjectAndRetriesCarryTheirHistory() {
        ObjectDescription object = IngestMessage.of(new ReceivedObject(
                        "spool/incoming/2.25.1.dcm", "MODALITY", "DEBLUR", SUMMARY, Instant.ofEpochMilli(1234)))
                .matched("default", "pass")
                .object();
        OutboundMessage first =
                OutboundMessage.firstAttempt(new OutboundCopy("pacs", "outbound/pacs/2.25.1.dcm", true), object);

        OutboundMessage retried = OutboundMessage.decode(
                first.attempted(2, "none", "CONNECT_FAILED: x").headers());

        assertEquals(0, first.headers().get("attempts"));
        assertFalse(first.headers().containsKey("lastDicomStatus"));
        assertEquals(2, retried.attempts());
        assertEquals("CONNECT_FAILED: x", retried.lastError());
        assertEquals(object, retried.object());
        assertEquals(first, retried.asFirstAttempt());
    }

    @Test
    void outbound_attemptsAsTextOrGarbled_readAsJmsWouldHaveThem() {
        Map<String, Object> headers =
                new HashMap<>(Map.of("destination", "pacs", "spoolPath", "outbound/pacs/x", "attempts", "3"));
        assertEquals(3, OutboundMessage.decode(headers).attempts());
        headers.put("attempts", "many");
        assertEquals(0, OutboundMessage.decode(headers).attempts());
    }

    @Test
    void frameTaskAndResult_roundTripWithSignedSamples() {
        Frame frame = new Frame(2, 2, 1, 12, true, new int[] {-2048, 2047, 0, -1});
        FrameTask task = new FrameTask("2.25.9", 1, 3, "rdsam-lite", true, frame);

        FrameTask read = FrameTask.decode(task.headers(), task.body());
        FrameResult result = new FrameResult(
                "2.25.9", 1, "w1", new FrameResult.Deblurred(frame, 0.5, 0.25, 7, "1.0", "ab", "CPU", "tile 512"));
        FrameResult readResult = FrameResult.decode(result.headers(), result.body());

        assertEquals(task.job(), read.job());
        assertEquals(3, read.count());
        assertArrayEquals(frame.samples(), read.frame().samples());
        assertEquals("2.25.9", result.headers().get("JMSXGroupID"), "results grouped per job");
        assertArrayEquals(
                frame.samples(),
                ((FrameResult.Deblurred) readResult.outcome()).frame().samples());
        assertNull(
                ((FrameResult.Deblurred)
                                FrameResult.decode(result.headers(), null).outcome())
                        .frame(),
                "a summary reads no samples");
    }

    @Test
    void frameResult_failure() {
        FrameResult failed = FrameResult.failed("2.25.9", 0, "w1", "InferenceException: no");

        FrameResult read = FrameResult.decode(failed.headers(), failed.body());

        assertEquals(0, failed.body().length);
        assertEquals(new FrameResult.Failed("InferenceException: no"), read.outcome());
    }
}
