package org.deblurgateway.model.inference;

import org.deblurgateway.model.image.Frame;
import org.deblurgateway.model.metrics.BlurEffect;

/**
 * One frame through the network, with the no-reference blur score before and after and the network time: what the
 * gateway's workers and the CLI record for every frame.
 *
 * @param frame           the deblurred frame, same size and type as the input
 * @param inputBlurScore  blur effect of the input (0 sharp .. 1 blurred)
 * @param outputBlurScore blur effect of the output
 * @param millis          network time
 */
public record ScoredDeblur(Frame frame, double inputBlurScore, double outputBlurScore, long millis) {

    /**
     * Deblurs {@code frame}; with {@code invertForModel} (MONOCHROME1) the network sees the inverted frame, as the
     * MONOCHROME2-like images it was trained on, and the result is inverted back.
     */
    public static ScoredDeblur of(Deblurrer deblurrer, Frame frame, boolean invertForModel) {
        Frame input = invertForModel ? frame.inverted() : frame;
        long start = System.nanoTime();
        Frame output = deblurrer.deblur(input);
        long millis = (System.nanoTime() - start) / 1_000_000;
        return new ScoredDeblur(
                invertForModel ? output.inverted() : output, BlurEffect.of(input), BlurEffect.of(output), millis);
    }
}
