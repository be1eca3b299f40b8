package org.deblurgateway.gateway.console.viewer;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A derived instance as kept for the viewer: its layout, scores and the frames stored.
 *
 * @param derivedSopInstanceUid the derived instance, which names the preview
 * @param sourceSopInstanceUid  its source (the received object)
 * @param model                 the network that made it
 * @param photometric           MONOCHROME1 (shown inverted), MONOCHROME2 or RGB
 * @param signed                samples are signed 16-bit (else unsigned 16-bit) in the frame files
 * @param frameCount            frames of the object; {@link #frames()} holds the first ones only when it is larger
 *                              than {@code gateway.console.previews.max-frames}
 * @param blurScoreIn           mean over the object's frames as the derived instance's quality tags say (NaN when
 *                              not known)
 * @param blurScoreOut          the same of the derived frames
 */
public record Preview(
        String derivedSopInstanceUid,
        String sourceSopInstanceUid,
        String model,
        int width,
        int height,
        int channels,
        int bitsStored,
        boolean signed,
        String photometric,
        int frameCount,
        double blurScoreIn,
        double blurScoreOut,
        Instant created,
        List<PreviewFrame> frames) {

    public Preview {
        frames = List.copyOf(frames);
    }

    public String blurScoreInText() {
        return score(blurScoreIn);
    }

    public String blurScoreOutText() {
        return score(blurScoreOut);
    }

    static String score(double value) {
        return Double.isNaN(value) ? "not known" : String.format(Locale.ROOT, "%.3f", value);
    }
}
