package org.deblurgateway.model.metrics;

import org.deblurgateway.model.image.FloatImage;

/**
 * How much a restored image agrees with its sharp reference where a CAD pipeline would look: its segmentation and
 * its edges. Both images are turned grey (RGB by the blur score's luminance) and processed alike, each on its own:
 * an Otsu mask from its own threshold ({@link OtsuThreshold}) and a Canny edge map with thresholds from its own
 * gradients ({@link CannyEdges}, {@link CannyParameters#EVALUATION}).
 *
 * <p>A proxy: it needs no annotations, so it says whether the simple segmentation and edge steps of a CAD chain
 * would see the same structures as on the sharp image, not whether a diagnosis or a trained detector would change.
 *
 * @param dice   Dice of the two Otsu foreground masks (1 = same mask)
 * @param edgeF1 F1 of the restored Canny edges against the sharp ones, 1 px tolerance (1 = same edges)
 */
public record CadAgreement(double dice, double edgeF1) {

    /** Both measures of {@code test} against {@code reference} (same shape, grey or RGB). */
    public static CadAgreement measure(FloatImage reference, FloatImage test) {
        return Reference.of(reference).compare(test);
    }

    /** The sharp image's mask and edges, made once and compared with every restoration of it. */
    public static final class Reference {

        private final int width;
        private final int height;
        private final int channels;
        private final boolean[] mask;
        private final boolean[] edges;

        private Reference(FloatImage image) {
            GreyPlane plane = GreyPlane.of(image);
            this.width = image.width();
            this.height = image.height();
            this.channels = image.channels();
            this.mask = otsuMask(plane);
            this.edges = CannyEdges.detect(plane, CannyParameters.EVALUATION);
        }

        public static Reference of(FloatImage sharp) {
            return new Reference(sharp);
        }

        /** Dice and edge F1 of {@code test} (same shape as the reference) against it. */
        public CadAgreement compare(FloatImage test) {
            if (test.width() != width || test.height() != height || test.channels() != channels) {
                throw new IllegalArgumentException("images differ in shape: " + width + "x" + height + "x" + channels
                        + " vs " + test.width() + "x" + test.height() + "x" + test.channels());
            }
            GreyPlane plane = GreyPlane.of(test);
            return new CadAgreement(
                    MaskAgreement.dice(mask, otsuMask(plane)),
                    MaskAgreement.edgeF1(edges, CannyEdges.detect(plane, CannyParameters.EVALUATION), width, height));
        }
    }

    /** Foreground = above the image's own Otsu threshold. */
    static boolean[] otsuMask(GreyPlane plane) {
        double t = OtsuThreshold.of(plane);
        double[] v = plane.values();
        boolean[] mask = new boolean[v.length];
        for (int i = 0; i < v.length; i++) {
            mask[i] = v[i] > t;
        }
        return mask;
    }
}
