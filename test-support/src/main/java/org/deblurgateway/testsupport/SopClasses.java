package org.deblurgateway.testsupport;

/**
 * SOP Class UIDs the tests write objects of (PS3.4 Annex B), spelled out here so that a test never takes them from the
 * code under test.
 */
public final class SopClasses {

    public static final String CR_IMAGE = "1.2.840.10008.5.1.4.1.1.1";
    public static final String DX_IMAGE_FOR_PRESENTATION = "1.2.840.10008.5.1.4.1.1.1.1";
    public static final String CT_IMAGE = "1.2.840.10008.5.1.4.1.1.2";
    public static final String SECONDARY_CAPTURE = "1.2.840.10008.5.1.4.1.1.7";
    public static final String MULTIFRAME_GRAYSCALE_WORD_SC = "1.2.840.10008.5.1.4.1.1.7.3";
    public static final String TWELVE_LEAD_ECG = "1.2.840.10008.5.1.4.1.1.9.1.1";
    public static final String BASIC_TEXT_SR = "1.2.840.10008.5.1.4.1.1.88.11";
    public static final String RT_DOSE = "1.2.840.10008.5.1.4.1.1.481.2";

    private SopClasses() {}
}
