package org.deblurgateway.routes.deblur;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import org.apache.camel.Message;
import org.deblurgateway.model.image.Frame;

/**
 * The wire form of frames on the worker and result queues: the body is the samples as little-endian 16-bit words
 * (every supported frame has at most 16 bits stored), the shape and the job travel as message properties.
 */
public final class FrameMessages {

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

    private FrameMessages() {
    }

    /** Samples as little-endian 16-bit words. */
    public static byte[] encode(Frame frame) {
        int[] samples = frame.samples();
        ByteBuffer buffer = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int sample : samples) {
            buffer.putShort((short) sample);
        }
        return buffer.array();
    }

    /** Sets the shape properties of {@code frame} on {@code message} and its samples as the body. */
    public static void write(Message message, Frame frame) {
        message.setHeader(WIDTH, frame.width());
        message.setHeader(HEIGHT, frame.height());
        message.setHeader(CHANNELS, frame.channels());
        message.setHeader(BITS_STORED, frame.bitsStored());
        message.setHeader(SIGNED, frame.signed());
        message.setBody(encode(frame));
    }

    /** The frame a message carries. */
    public static Frame read(Message message) {
        byte[] body = message.getBody(byte[].class);
        Map<String, Object> h = message.getHeaders();
        return decode(body, intHeader(h, WIDTH), intHeader(h, HEIGHT), intHeader(h, CHANNELS),
                intHeader(h, BITS_STORED), Boolean.parseBoolean(String.valueOf(h.get(SIGNED))));
    }

    public static Frame decode(byte[] body, int width, int height, int channels, int bitsStored, boolean signed) {
        int count = width * height * channels;
        if (body == null || body.length != count * 2) {
            throw new IllegalArgumentException("frame message body has " + (body == null ? 0 : body.length)
                    + " bytes, expected " + count * 2 + " for " + width + "x" + height + "x" + channels);
        }
        ByteBuffer buffer = ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN);
        int[] samples = new int[count];
        for (int i = 0; i < count; i++) {
            short word = buffer.getShort();
            samples[i] = signed ? word : word & 0xFFFF;
        }
        return new Frame(width, height, channels, bitsStored, signed, samples);
    }

    static int intHeader(Map<String, Object> headers, String name) {
        Object value = headers.get(name);
        if (value == null) {
            throw new IllegalArgumentException("frame message has no " + name + " property");
        }
        return value instanceof Number n ? n.intValue() : Integer.parseInt(value.toString());
    }
}
