package org.deblurgateway.routes.messages;

/** Property names of the frame messages ({@link FrameTask} on deblur.frames, {@link FrameResult} on deblur.results). */
public final class FrameHeaders {

    /** Deblur job: the derived SOP Instance UID, also the job folder name. */
    public static final String JOB = "deblurJob";

    public static final String FRAME_INDEX = "frameIndex";
    public static final String FRAME_COUNT = "frameCount";
    public static final String WIDTH = "frameWidth";
    public static final String HEIGHT = "frameHeight";
    public static final String CHANNELS = "frameChannels";
    public static final String BITS_STORED = "frameBitsStored";
    public static final String SIGNED = "frameSigned";
    public static final String MODEL = "modelId";
    /** MONOCHROME1: the worker inverts the frame for the network and back. */
    public static final String INVERT = "invertForModel";
    // Set by the worker on results.
    public static final String BLUR_SCORE_IN = "blurScoreIn";
    public static final String BLUR_SCORE_OUT = "blurScoreOut";
    public static final String INFERENCE_MILLIS = "inferenceMillis";
    public static final String MODEL_VERSION = "modelVersion";
    public static final String WEIGHTS_SHA256 = "weightsSha256";
    public static final String DEVICE = "inferenceDevice";
    public static final String TILING = "tiling";
    public static final String WORKER = "worker";
    /** Set instead of a frame when the network cannot process this frame (the job then forwards the original). */
    public static final String FAILURE = "deblurFailure";
    /** JMS message grouping: all results of one job go to the same assembler consumer, one at a time. */
    public static final String GROUP_ID = "JMSXGroupID";

    private FrameHeaders() {}
}
