package org.deblurgateway.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DicomUidsTest {

    @Test
    void isValid_wellFormedUids_true() {
        assertTrue(DicomUids.isValid("1.2.840.10008.1.2.4.201"));
        assertTrue(DicomUids.isValid("2.25.0"));
        assertTrue(DicomUids.isValid("0"));
        assertTrue(DicomUids.isValid("1." + "2".repeat(62)));
    }

    @Test
    void isValid_malformedUids_false() {
        assertFalse(DicomUids.isValid(null));
        assertFalse(DicomUids.isValid(""));
        assertFalse(DicomUids.isValid("../../evil"));
        assertFalse(DicomUids.isValid("1.2.3/4"));
        assertFalse(DicomUids.isValid("1.02.3"));
        assertFalse(DicomUids.isValid("1..2"));
        assertFalse(DicomUids.isValid("1.2."));
        assertFalse(DicomUids.isValid(".1.2"));
        assertFalse(DicomUids.isValid("1.2 "));
        assertFalse(DicomUids.isValid("1." + "2".repeat(63)));
    }

    @Test
    void trimPadding_nulAndSpace_removed() {
        assertEquals("1.2.3", DicomUids.trimPadding("1.2.3\0"));
        assertEquals("1.2.3", DicomUids.trimPadding("1.2.3 "));
    }
}
