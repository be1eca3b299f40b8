package org.deblurgateway.model.cli;

import java.nio.file.Path;
import java.util.List;
import org.deblurgateway.model.blur.BlurProtocol;
import org.deblurgateway.model.inference.InferenceOptions;
import org.deblurgateway.model.inference.ModelCatalog;

/**
 * What {@code deblur eval} measures.
 *
 * @param dataDir   folder of {@code <modality>/} folders of PNG/JPEG images
 * @param protocol  blur protocol (seeded kernel + noise per image name)
 * @param seed      protocol seed
 * @param methods   method ids in report order: {@code blurry}, baselines, model ids
 * @param limit     first N images (by name) per modality; 0 = all
 * @param jobs      images processed in parallel
 * @param inference how the networks run
 * @param catalog   where model ids are looked up
 * @param cad       also measure CAD agreement (Otsu-mask Dice, Canny edge F1) against the sharp image
 */
public record EvalConfig(
        Path dataDir,
        BlurProtocol protocol,
        long seed,
        List<String> methods,
        int limit,
        int jobs,
        InferenceOptions inference,
        ModelCatalog catalog,
        boolean cad) {

    public EvalConfig {
        methods = List.copyOf(methods);
        if (methods.isEmpty()) {
            throw new IllegalArgumentException("no methods to evaluate");
        }
        if (limit < 0 || jobs < 1) {
            throw new IllegalArgumentException("limit must be >= 0 and jobs >= 1");
        }
    }
}
