package org.deblurgateway.dicom.derived;

import java.time.Instant;

/**
 * What made a derived instance, for its provenance and private quality tags.
 *
 * @param modelId          model id (rdsam-lite, ...)
 * @param modelVersion     model card version
 * @param weightsSha256    sha256 (hex) of the weights file that ran
 * @param device           CPU or GPU
 * @param tiling           tiling used, e.g. "tile 256 overlap 32 batch 4"
 * @param inputBlurScore   no-reference blur score of the source frames (mean over frames)
 * @param outputBlurScore  the same measure on the derived frames
 * @param processingMillis network time summed over frames
 * @param processedAt      when the derived instance was assembled
 */
public record Provenance(
        String modelId,
        String modelVersion,
        String weightsSha256,
        String device,
        String tiling,
        double inputBlurScore,
        double outputBlurScore,
        long processingMillis,
        Instant processedAt) {}
