package org.deblurgateway.dicom.derived;

import java.util.Set;

/** What the derived-instance writer must know about particular IODs (by SOP Class UID), in one place. */
final class IodRules {

    private static final String STORAGE = "1.2.840.10008.5.1.4.1.1.";

    /**
     * Enhanced multi-frame IODs, whose Image Type and Frame Type Value 2 is restricted to PRIMARY (PS3.3
     * C.8.16.1.2: a derived image keeps PRIMARY, only Value 1 says DERIVED).
     */
    private static final Set<String> ENHANCED = Set.of(
            STORAGE + "2.1",
            STORAGE + "2.2", // Enhanced CT, Legacy Converted Enhanced CT
            STORAGE + "4.1",
            STORAGE + "4.2",
            STORAGE + "4.3",
            STORAGE + "4.4", // Enhanced MR, MRS, MR Color, Legacy
            STORAGE + "6.2",
            STORAGE + "6.3", // Enhanced US Volume, Photoacoustic
            STORAGE + "12.1.1",
            STORAGE + "12.2.1", // Enhanced XA, Enhanced XRF
            STORAGE + "13.1.1",
            STORAGE + "13.1.2",
            STORAGE + "13.1.3",
            STORAGE + "13.1.4",
            STORAGE + "13.1.5",
            STORAGE + "14.1",
            STORAGE + "14.2", // Intravascular OCT
            STORAGE + "30", // Parametric Map
            STORAGE + "77.1.6", // VL Whole Slide Microscopy
            STORAGE + "128.1",
            STORAGE + "128.2"); // Enhanced PET, Legacy Converted Enhanced PET

    /**
     * Single-frame image IODs: a reference to one of them must not carry Referenced Frame Number, even when the
     * object (against its IOD) has a Number of Frames.
     */
    private static final Set<String> SINGLE_FRAME = Set.of(
            STORAGE + "1", // CR
            STORAGE + "1.1",
            STORAGE + "1.1.1",
            STORAGE + "1.2",
            STORAGE + "1.2.1",
            STORAGE + "1.3",
            STORAGE + "1.3.1", // DX, mammography, intra-oral
            STORAGE + "2",
            STORAGE + "4",
            STORAGE + "7", // CT, MR, SC
            STORAGE + "6",
            STORAGE + "6.1", // US (retired and current)
            STORAGE + "128", // PET
            STORAGE + "77.1.1",
            STORAGE + "77.1.2",
            STORAGE + "77.1.3",
            STORAGE + "77.1.4"); // VL still images

    /** IODs whose image module carries the Hierarchical Evidence Reference macro (Source Image Evidence Sequence). */
    private static final Set<String> SOURCE_IMAGE_EVIDENCE = Set.of(
            STORAGE + "2.1",
            STORAGE + "2.2", // Enhanced CT Image module
            STORAGE + "4.1",
            STORAGE + "4.2",
            STORAGE + "4.3",
            STORAGE + "4.4", // MR Image and Spectroscopy Instance
            STORAGE + "12.1.1",
            STORAGE + "12.2.1", // Enhanced XA/XRF Image module
            STORAGE + "128.1",
            STORAGE + "128.2"); // Enhanced PET Image module

    private IodRules() {}

    /** DX, mammography and intra-oral SOP classes (for presentation and for processing) share the DX Image module. */
    static boolean isDigitalXRay(String sopClassUid) {
        return sopClassUid.startsWith(STORAGE + "1.");
    }

    static boolean isEnhanced(String sopClassUid) {
        return ENHANCED.contains(sopClassUid);
    }

    static boolean hasSourceImageEvidence(String sopClassUid) {
        return SOURCE_IMAGE_EVIDENCE.contains(sopClassUid);
    }

    static boolean isSingleFrame(String sopClassUid) {
        return SINGLE_FRAME.contains(sopClassUid);
    }
}
