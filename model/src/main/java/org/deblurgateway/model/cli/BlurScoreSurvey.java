package org.deblurgateway.model.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deblurgateway.model.blur.Blur;
import org.deblurgateway.model.blur.BlurProtocol;
import org.deblurgateway.model.blur.BlurredImage;
import org.deblurgateway.model.image.Frame;
import org.deblurgateway.model.image.FrameNormalizer;
import org.deblurgateway.model.imageio.ImageFiles;
import org.deblurgateway.model.metrics.BlurEffect;

/**
 * The blur score ({@link BlurEffect}, what a rule's {@code min-blur-score} compares) of each sharp test image and of
 * the same image blurred by a protocol and quantised back to its sample type, exactly as {@code deblur eval} makes
 * its blurry input: the two distributions a blur threshold has to separate.
 */
final class BlurScoreSurvey {

    /** Blur scores of one modality's images, sharp and blurred, in file order. */
    record ModalityScores(List<Double> sharp, List<Double> blurred) {

        ModalityScores {
            sharp = List.copyOf(sharp);
            blurred = List.copyOf(blurred);
        }
    }

    private BlurScoreSurvey() {}

    static Map<String, ModalityScores> run(Path dataDir, BlurProtocol protocol, long seed, int limit)
            throws IOException {
        Map<String, ModalityScores> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<Path>> e :
                TestImages.byModality(dataDir, limit).entrySet()) {
            List<Double> sharp = new ArrayList<>();
            List<Double> blurred = new ArrayList<>();
            for (Path file : e.getValue()) {
                Frame frame = ImageFiles.read(file);
                sharp.add(BlurEffect.of(frame));
                blurred.add(BlurEffect.of(
                        blurry(frame, protocol, seed, file.getFileName().toString())));
            }
            out.put(e.getKey(), new ModalityScores(sharp, blurred));
        }
        return out;
    }

    /** The protocol's blurry Frame, as {@code Evaluation} makes it. */
    private static Frame blurry(Frame sharp, BlurProtocol protocol, long seed, String name) {
        FrameNormalizer.Normalized n = FrameNormalizer.normalize(sharp);
        BlurredImage b = Blur.protocolBlur(n.image(), protocol, seed, name);
        return FrameNormalizer.denormalize(b.image(), n.min(), n.max(), sharp.bitsStored(), sharp.signed());
    }
}
