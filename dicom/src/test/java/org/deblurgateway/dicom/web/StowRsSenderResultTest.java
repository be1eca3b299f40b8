package org.deblurgateway.dicom.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deblurgateway.dicom.scu.StoreResult;
import org.junit.jupiter.api.Test;

/** How a STOW-RS answer becomes the attempt's outcome: retried, dead-lettered at once, or delivered. */
class StowRsSenderResultTest {

    private static final String FAILED = "{\"00081198\":{\"vr\":\"SQ\",\"Value\":[{\"00081150\":{\"vr\":\"UI\","
            + "\"Value\":[\"1.2\"]},\"00081197\":{\"vr\":\"US\",\"Value\":[%d]}}]}}";

    @Test
    void result_200_isDelivered() {
        StoreResult result = StowRsSender.result(200, "{\"00081199\":{\"vr\":\"SQ\",\"Value\":[{}]}}", null);
        assertTrue(result.stored());
        assertEquals("0000", result.statusHex());
    }

    @Test
    void result_409WithDataSetMismatch_isPermanent() {
        StoreResult result = StowRsSender.result(409, FAILED.formatted(0xA900), null);
        assertEquals(StoreResult.Outcome.FAILURE_STATUS, result.outcome());
        assertEquals("A900", result.statusHex());
        assertTrue(result.permanent());
    }

    @Test
    void result_409OutOfResources_isRetried() {
        StoreResult result = StowRsSender.result(409, FAILED.formatted(0xA700), null);
        assertFalse(result.stored());
        assertFalse(result.permanent());
    }

    @Test
    void result_200WithFailedInstance_isTheFailure() {
        StoreResult result = StowRsSender.result(200, FAILED.formatted(0x0110), null);
        assertFalse(result.stored());
        assertEquals("0110", result.statusHex());
    }

    @Test
    void result_415_isPermanentAnd503IsRetried() {
        StoreResult refused = StowRsSender.result(415, "", null);
        assertEquals(StoreResult.Outcome.HTTP_REFUSED, refused.outcome());
        assertTrue(refused.permanent());
        StoreResult unavailable = StowRsSender.result(503, "busy", null);
        assertEquals(StoreResult.Outcome.HTTP_UNAVAILABLE, unavailable.outcome());
        assertFalse(unavailable.permanent());
        assertEquals("HTTP 503: busy", unavailable.detail());
    }

    @Test
    void result_401_isRetriedWhileCredentialsAreFixed() {
        assertFalse(StowRsSender.result(401, "", null).permanent());
    }
}
