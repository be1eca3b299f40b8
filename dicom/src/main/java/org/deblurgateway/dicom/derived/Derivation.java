package org.deblurgateway.dicom.derived;

/**
 * What a derived instance is derived from and by what: the source's identity and the run's provenance.
 *
 * @param sourceSopClassUid    SOP Class UID of the source (kept by the derived instance)
 * @param sourceSopInstanceUid SOP Instance UID of the source
 * @param studyUid             Study Instance UID (shared by source and derived instance)
 * @param sourceSeriesUid      Series Instance UID of the source
 * @param sourceFrames         frames of the source (its Number of Frames, else 1)
 * @param sourceMultiFrame     the source is an instance of a multi-frame IOD, so references to it name frames
 * @param seriesUid            Series Instance UID of the derived series
 * @param instanceUid          SOP Instance UID of the derived instance
 * @param provenance           the model run that made the pixels
 * @param settings             the site's settings for derived series
 */
record Derivation(
        String sourceSopClassUid,
        String sourceSopInstanceUid,
        String studyUid,
        String sourceSeriesUid,
        int sourceFrames,
        boolean sourceMultiFrame,
        String seriesUid,
        String instanceUid,
        Provenance provenance,
        DerivedSeriesSettings settings) {

    /** Manufacturer's Model Name of the contributing equipment. */
    static final String PRODUCT = "Deblur Gateway";

    private static final int ST_MAX = 1024;

    /** "Motion deblurring by Deblur Gateway, model rdsam-lite 1.0": what was done, by which model version. */
    String action() {
        return "Motion deblurring by " + PRODUCT + ", model " + provenance.modelId() + " " + provenance.modelVersion();
    }

    /**
     * Derivation Description (ST, 1024 characters at most): the action, the weights and how it ran, then the
     * source's own derivation description when it was itself derived, so the history stays readable.
     */
    String description(String sourceDescription) {
        StringBuilder text = new StringBuilder(action());
        text.append(" (weights sha256 ")
                .append(provenance.weightsSha256())
                .append(", ")
                .append(provenance.device());
        if (provenance.tiling() != null && !provenance.tiling().isBlank()) {
            text.append(", ").append(provenance.tiling());
        }
        text.append(')');
        if (sourceDescription != null && !sourceDescription.isBlank()) {
            text.append("; source: ").append(sourceDescription.trim());
        }
        return text.length() <= ST_MAX ? text.toString() : text.substring(0, ST_MAX);
    }
}
