package org.deblurgateway.dicom.pixels;

import java.util.List;
import java.util.Set;

/**
 * SOP classes whose objects are not pictures the network may change, even when they carry Pixel Data: structured
 * reports, RT objects, encapsulated documents, waveforms, segmentations, presentation states, parametric maps, raw
 * data, ... (PS3.4 Annex B / PS3.6 Annex A). Families are matched by UID prefix so newly added members of a family
 * (a new SR or RT class) are covered too; the few image classes inside such a family are listed as exceptions.
 */
final class NonImageSopClasses {

    private static final String STORAGE = "1.2.840.10008.5.1.4.1.1.";

    /** Prefix -> what the family is (for the pass-through detail). */
    private static final List<Family> FAMILIES = List.of(
            new Family(STORAGE + "88.", "structured report or key object selection"),
            new Family(STORAGE + "481.", "radiotherapy object"),
            new Family(STORAGE + "104.", "encapsulated document"),
            new Family(STORAGE + "9.", "waveform"),
            new Family(STORAGE + "66.", "segmentation, registration or fiducials"),
            new Family(STORAGE + "11.", "presentation state"),
            new Family(STORAGE + "30", "parametric map"),
            new Family(STORAGE + "67", "real world value mapping"),
            new Family(STORAGE + "68.", "surface scan"),
            new Family(STORAGE + "78.", "ophthalmic measurements"),
            new Family(STORAGE + "79.", "ophthalmic measurements"),
            new Family(STORAGE + "80.", "visual field measurements"),
            new Family(STORAGE + "90.", "content assessment results"),
            new Family(STORAGE + "91.", "annotations"),
            new Family(STORAGE + "131", "structured display"),
            new Family(STORAGE + "200.", "protocol"),
            new Family(STORAGE + "201.", "inventory"),
            new Family("1.2.840.10008.5.1.4.34.", "RT delivery instruction"),
            new Family("1.2.840.10008.5.1.4.38.", "hanging protocol"),
            new Family("1.2.840.10008.5.1.4.39.", "color palette"),
            new Family("1.2.840.10008.5.1.4.43.", "implant template"),
            new Family("1.2.840.10008.5.1.4.44.", "implant assembly template"),
            new Family("1.2.840.10008.5.1.4.45.", "implant template group"));

    /** Exact UIDs outside the families above. */
    private static final List<Family> EXACT = List.of(
            new Family(STORAGE + "66", "raw data"),
            new Family(STORAGE + "9", "standalone curve (retired)"),
            new Family(STORAGE + "10", "standalone modality LUT (retired)"),
            new Family(STORAGE + "11", "standalone VOI LUT (retired)"),
            new Family(STORAGE + "8", "standalone overlay (retired)"),
            new Family(STORAGE + "129", "standalone PET curve (retired)"),
            new Family(STORAGE + "4.2", "MR spectroscopy"),
            new Family(STORAGE + "77.1.5.3", "stereometric relationship"),
            new Family("1.2.840.10008.1.3.10", "media storage directory (DICOMDIR)"));

    /** Image classes that sit inside a non-image family. */
    private static final Set<String> IMAGES_IN_FAMILIES = Set.of(
            STORAGE + "481.1", // RT Image
            STORAGE + "481.23", // Enhanced RT Image
            STORAGE + "481.24"); // Enhanced Continuous RT Image

    private NonImageSopClasses() {}

    /** What kind of non-image object {@code sopClassUid} names, or null when it may be an image. */
    static String describe(String sopClassUid) {
        if (sopClassUid == null || sopClassUid.isEmpty() || IMAGES_IN_FAMILIES.contains(sopClassUid)) {
            return null;
        }
        for (Family exact : EXACT) {
            if (exact.uid().equals(sopClassUid)) {
                return exact.name();
            }
        }
        for (Family family : FAMILIES) {
            if (matches(family.uid(), sopClassUid)) {
                return family.name();
            }
        }
        return null;
    }

    /** A prefix ending in '.' matches its subtree; one without a dot matches itself and its subtree. */
    private static boolean matches(String prefix, String uid) {
        if (prefix.endsWith(".")) {
            return uid.startsWith(prefix);
        }
        return uid.equals(prefix) || uid.startsWith(prefix + ".");
    }

    private record Family(String uid, String name) {}
}
