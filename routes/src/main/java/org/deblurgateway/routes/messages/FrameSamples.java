package org.deblurgateway.routes.messages;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import org.deblurgateway.model.image.Frame;

/**
 * A frame as message content: its shape as properties, its samples as the body in little-endian 16-bit words (every
 * supported frame has at most 16 bits stored).
 */
final class FrameSamples {

    private FrameSamples() {}

    static void encodeShape(Frame frame, Map<String, Object> headers) {
        headers.put(FrameHeaders.WIDTH, frame.width());
        headers.put(FrameHeaders.HEIGHT, frame.height());
        headers.put(FrameHeaders.CHANNELS, frame.channels());
        headers.put(FrameHeaders.BITS_STORED, frame.bitsStored());
        headers.put(FrameHeaders.SIGNED, frame.signed());
    }

    static byte[] encode(Frame frame) {
        int[] samples = frame.samples();
        ByteBuffer buffer = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int sample : samples) {
            buffer.putShort((short) sample);
        }
        return buffer.array();
    }

    static Frame decode(Map<String, ?> headers, byte[] body) {
        int width = HeaderValues.requiredInt(headers, FrameHeaders.WIDTH);
        int height = HeaderValues.requiredInt(headers, FrameHeaders.HEIGHT);
        int channels = HeaderValues.requiredInt(headers, FrameHeaders.CHANNELS);
        int bitsStored = HeaderValues.requiredInt(headers, FrameHeaders.BITS_STORED);
        boolean signed = HeaderValues.flag(headers, FrameHeaders.SIGNED);
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
}
