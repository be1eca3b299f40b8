package org.deblurgateway.dicom.derived;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.HashSet;
import java.util.Set;
import org.deblurgateway.dicom.DicomUids;
import org.junit.jupiter.api.Test;

class DerivedUidsTest {

    private static final String SERIES = "1.2.840.113619.2.55.3.604688119.969.1268071029.320";
    private static final String INSTANCE = "1.2.840.113619.2.55.3.604688119.969.1268071029.321.1";

    @Test
    void uids_sameInputs_sameUids() {
        assertEquals(DerivedUids.seriesUid(SERIES, "rdsam-lite"), DerivedUids.seriesUid(SERIES, "rdsam-lite"));
        assertEquals(DerivedUids.instanceUid(INSTANCE, "rdsam-lite"), DerivedUids.instanceUid(INSTANCE, "rdsam-lite"));
    }

    @Test
    void uids_knownInput_fixedValue() {
        // Pinned: a change of the derivation would give every derived object a second copy at the PACS on redo.
        assertEquals(
                "2.25.297241607713266479211566278658643138932",
                DerivedUids.seriesUid("1.2.392.200036.9125.0.199302241758.16", "rdsam-lite"));
    }

    @Test
    void uids_paddedSourceUid_sameAsUnpadded() {
        assertEquals(DerivedUids.instanceUid(INSTANCE, "m"), DerivedUids.instanceUid(INSTANCE + "\0", "m"));
    }

    @Test
    void uids_anyInput_validUuidDerivedUid() {
        for (int i = 0; i < 2_000; i++) {
            for (String uid : new String[] {
                DerivedUids.seriesUid("1.2." + i, "model-" + (i % 7)),
                DerivedUids.instanceUid("1.2." + i, "model-" + (i % 7))
            }) {
                assertTrue(DicomUids.isValid(uid), uid);
                assertTrue(uid.startsWith("2.25."), uid);
                assertTrue(uid.length() <= 44, uid);
                byte[] uuid = uuidBytes(uid);
                assertEquals(8, (uuid[6] >> 4) & 0x0F, "version 8: " + uid);
                assertEquals(0b10, (uuid[8] >> 6) & 0b11, "RFC 9562 variant: " + uid);
            }
        }
    }

    @Test
    void uids_differentModelOrSource_differentUids() {
        assertNotEquals(DerivedUids.seriesUid(SERIES, "rdsam-lite"), DerivedUids.seriesUid(SERIES, "rdsam"));
        assertNotEquals(
                DerivedUids.instanceUid(INSTANCE, "rdsam-lite"), DerivedUids.instanceUid(INSTANCE + "1", "rdsam-lite"));
        // The separator keeps apart inputs whose concatenations are equal ("1.2.3" + "4m" and "1.2.34" + "m").
        assertNotEquals(DerivedUids.seriesUid("1.2.3", "4m"), DerivedUids.seriesUid("1.2.34", "m"));
    }

    @Test
    void uids_seriesAndInstanceOfSameInputs_neverEqual() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String series = DerivedUids.seriesUid("2.25." + i, "rdsam-lite");
            String instance = DerivedUids.instanceUid("2.25." + i, "rdsam-lite");
            assertNotEquals(series, instance);
            // Disjoint by construction: the last UUID bit says which kind a UID is.
            assertEquals(0, uuidBytes(series)[15] & 1);
            assertEquals(1, uuidBytes(instance)[15] & 1);
            assertTrue(seen.add(series), "collision at " + i);
            assertTrue(seen.add(instance), "collision at " + i);
        }
    }

    @Test
    void uids_emptyInputs_refused() {
        assertThrows(IllegalArgumentException.class, () -> DerivedUids.seriesUid("", "m"));
        assertThrows(IllegalArgumentException.class, () -> DerivedUids.instanceUid(INSTANCE, ""));
        assertThrows(NullPointerException.class, () -> DerivedUids.instanceUid(null, "m"));
    }

    private static byte[] uuidBytes(String uid) {
        byte[] raw = new BigInteger(uid.substring("2.25.".length())).toByteArray();
        byte[] uuid = new byte[16];
        // BigInteger may add a leading sign byte or drop leading zero bytes.
        int copy = Math.min(16, raw.length);
        System.arraycopy(raw, raw.length - copy, uuid, 16 - copy, copy);
        return uuid;
    }
}
