package org.deblurgateway.routes;

/** Names of the broker queues that connect the gateway's stages; one home so every stage agrees. */
public final class Queues {

    /** Received objects, one persistent message per spooled object, committed before C-STORE Success. */
    public static final String INGEST = "dicom.ingest";
    /** Objects ready to send, one message per (object, destination). */
    public static final String OUTBOUND = "dicom.outbound";
    /** Sends that failed their last try; the peer's last status is on the message. */
    public static final String OUTBOUND_DEAD_LETTER = "dicom.outbound.dlq";

    /** Frames to deblur, one persistent message per frame; worker processes compete for them. */
    public static final String DEBLUR_FRAMES = "deblur.frames";
    /** Deblurred frames, grouped by instance (JMSXGroupID) so one assembler sees all frames of an instance in turn. */
    public static final String DEBLUR_RESULTS = "deblur.results";

    private Queues() {}
}
