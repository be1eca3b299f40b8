package org.deblurgateway.dicom.derived;

/**
 * The private block a derived instance carries: what model made it and how much sharper it came out.
 *
 * <p>The block lives in odd group {@code 0x0073}. Its private creator (0073,00bb) holds {@value #CREATOR}; bb is
 * {@code 10} unless a source object already used (0073,0010) for another creator, in which case the next free slot
 * is reserved. The elements are (0073,bbxx), written in Explicit VR Little Endian so every reader sees their VR.
 * Readers must look up the block by its creator, as PS3.5 7.8 requires, not assume bb = 10.
 *
 * <pre>
 * | Tag         | VR | Name                     | Meaning                                                           |
 * |-------------|----|--------------------------|-------------------------------------------------------------------|
 * | (0073,0010) | LO | Private Creator          | "DEBLUR GATEWAY"                                                  |
 * | (0073,1001) | LO | Model Id                 | model that made the pixels, e.g. "rdsam-lite"                     |
 * | (0073,1002) | LO | Model Version            | version of the model card, e.g. "1.0"                             |
 * | (0073,1003) | LO | Weights SHA-256          | sha256 of the weights file that ran, 64 lower-case hex digits     |
 * | (0073,1004) | FD | Input Blur Score         | source frames' blur, mean over frames (0 sharp .. 1 blurred)      |
 * | (0073,1005) | FD | Output Blur Score        | the same measure on the derived frames                            |
 * | (0073,1006) | LO | Blur Score Measure       | the measure's name (below)                                        |
 * | (0073,1007) | FD | Processing Time (ms)     | network time summed over frames, milliseconds                     |
 * | (0073,1008) | CS | Processing Device        | CPU or GPU                                                        |
 * | (0073,1009) | LO | Tiling                   | how frames were tiled, e.g. "tile 256 overlap 32 batch 4"         |
 * </pre>
 *
 * <p>The blur measure is "blur-effect Crete 2007 (skimage.measure.blur_effect)": the no-reference perceptual blur
 * metric of Crete et al. (2007) as scikit-image computes it.
 */
public final class QualityTags {

    /** Odd (private) group of the block. */
    public static final int GROUP = 0x0073;

    /** Private Creator value that owns the block. */
    public static final String CREATOR = "DEBLUR GATEWAY";

    /** Block number the writer reserves when (0073,0010) is free. */
    public static final int DEFAULT_BLOCK = 0x10;

    /** Name of the no-reference blur measure whose scores (0073,xx04) and (0073,xx05) hold. */
    public static final String BLUR_MEASURE = "blur-effect Crete 2007 (skimage.measure.blur_effect)";

    /** The elements of the block: low byte of the element number, VR and meaning. */
    public enum Element {
        MODEL_ID(0x01, "LO", "Model Id"),
        MODEL_VERSION(0x02, "LO", "Model Version"),
        WEIGHTS_SHA256(0x03, "LO", "Weights SHA-256"),
        INPUT_BLUR_SCORE(0x04, "FD", "Input Blur Score"),
        OUTPUT_BLUR_SCORE(0x05, "FD", "Output Blur Score"),
        BLUR_SCORE_MEASURE(0x06, "LO", "Blur Score Measure"),
        PROCESSING_TIME_MS(0x07, "FD", "Processing Time (ms)"),
        DEVICE(0x08, "CS", "Processing Device"),
        TILING(0x09, "LO", "Tiling");

        private final int offset;
        private final String vr;
        private final String meaning;

        Element(int offset, String vr, String meaning) {
            this.offset = offset;
            this.vr = vr;
            this.meaning = meaning;
        }

        /** Low byte of the element number. */
        public int offset() {
            return offset;
        }

        public String vr() {
            return vr;
        }

        public String meaning() {
            return meaning;
        }

        /** Element number within the block reserved by creator slot {@code block} (0x10..0xFF). */
        public int element(int block) {
            return (block << 8) | offset;
        }
    }

    private QualityTags() {}
}
