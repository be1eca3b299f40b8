package org.deblurgateway.gateway.console.tryit;

import java.time.Instant;
import java.util.Optional;
import org.deblurgateway.model.image.Frame;

/**
 * One Try-it run, held in memory for display and download.
 *
 * @param id      random, names the run in its URLs
 * @param monochrome1 a MONOCHROME1 DICOM image: high values are dark, the page shows it so
 * @param kept    the folder the run was saved to, when the user asked to keep it
 * @param millis  network time; {@code totalMillis} from the upload read to the result held
 */
public record TryItResult(
        String id,
        String name,
        String kind,
        String model,
        Frame input,
        Frame output,
        boolean monochrome1,
        double blurScoreIn,
        double blurScoreOut,
        long millis,
        long totalMillis,
        String note,
        Optional<String> kept,
        Instant at) {

    /** The result as a PNG can hold it: 16-bit where the input had more than 8 bits, signed samples shifted. */
    public Frame downloadable() {
        if (!output.signed()) {
            return output;
        }
        int shift = -output.minValue();
        int[] samples = output.samples().clone();
        for (int i = 0; i < samples.length; i++) {
            samples[i] += shift;
        }
        return new Frame(output.width(), output.height(), output.channels(), output.bitsStored(), false, samples);
    }
}
