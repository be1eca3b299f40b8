package org.deblurgateway.gateway.console.viewer;

/**
 * What the viewer knows of one stored frame pair before it loads the samples.
 *
 * @param index          0-based frame number in the object
 * @param blurScoreIn    blur score of the original frame (0 sharp .. 1 blurred)
 * @param blurScoreOut   blur score of the derived frame
 * @param windowCentre   initial window centre: the middle of the original frame's 0.5 .. 99.5 percentile range
 * @param windowWidth    initial window width: that range's width (at least 1)
 */
public record PreviewFrame(
        int index, double blurScoreIn, double blurScoreOut, double windowCentre, double windowWidth) {

    /** 1-based, as the page shows it. */
    public int number() {
        return index + 1;
    }

    public String blurInText() {
        return Preview.score(blurScoreIn);
    }

    public String blurOutText() {
        return Preview.score(blurScoreOut);
    }
}
