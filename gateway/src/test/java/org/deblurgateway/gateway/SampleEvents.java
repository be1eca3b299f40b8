package org.deblurgateway.gateway;

import java.time.Instant;
import java.util.List;
import org.deblurgateway.routes.events.PipelineEvent;
import org.deblurgateway.routes.events.PipelineEvent.ObjectRef;

/** One event of each kind for one chest CR, with patient fields a metric must never show. */
final class SampleEvents {

    static final String PATIENT_ID = "PID-7731-SECRET";
    static final String PATIENT_NAME = "Doe^Jane";
    static final String ACCESSION = "ACC-99127";
    static final ObjectRef OBJECT = new ObjectRef("2.25.1001", "2.25.1002", "2.25.1003");
    static final long BYTES = 525_312;

    private SampleEvents() {}

    static List<PipelineEvent> oneOfEach() {
        Instant now = Instant.now();
        return List.of(
                new PipelineEvent.Received(
                        now,
                        OBJECT,
                        "XRAY01",
                        "DEBLUR",
                        "1.2.840.10008.5.1.4.1.1.1",
                        "1.2.840.10008.1.2.1",
                        "CR",
                        BYTES,
                        PATIENT_ID,
                        PATIENT_NAME,
                        ACCESSION,
                        "CHEST",
                        "PA chest"),
                new PipelineEvent.RuleMatched(now, OBJECT, MetricsTestProfile.DEBLUR_RULE, "deblur", "modality CR"),
                new PipelineEvent.PassedThrough(now, OBJECT, "below-blur-threshold", "blur score 0.31 below 0.5"),
                // 2 megapixels in 1000 ms: 500 ms per megapixel
                new PipelineEvent.FrameDeblurred(now, OBJECT, 0, 1, "worker-a", "srcnn", "CPU", 1000, 2_000_000, ""),
                new PipelineEvent.FrameDeblurred(
                        now, OBJECT, 0, 1, "worker-a", "srcnn", "CPU", 10, 2_000_000, "network failed"),
                new PipelineEvent.DerivedInstanceWritten(now, OBJECT, "2.25.2002", "2.25.2003", "srcnn"),
                new PipelineEvent.ForwardAttempted(
                        now,
                        OBJECT,
                        "2.25.2003",
                        "pacs",
                        1,
                        PipelineEvent.Outcome.RETRY,
                        "A700",
                        "out of resources",
                        120),
                new PipelineEvent.ForwardAttempted(
                        now, OBJECT, "2.25.2003", "pacs", 2, PipelineEvent.Outcome.DELIVERED, "0000", "", 80));
    }
}
