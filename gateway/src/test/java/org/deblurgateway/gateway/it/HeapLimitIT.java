package org.deblurgateway.gateway.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deblurgateway.gateway.it.support.GatewayProcess;
import org.deblurgateway.gateway.it.support.ItDirs;
import org.deblurgateway.gateway.it.support.RulesFile;
import org.deblurgateway.gateway.it.support.SpoolFiles;
import org.deblurgateway.testsupport.DeflateBombs;
import org.deblurgateway.testsupport.FreePorts;
import org.deblurgateway.testsupport.RawObjects;
import org.deblurgateway.testsupport.RawStoreScu;
import org.deblurgateway.testsupport.SopClasses;
import org.deblurgateway.testsupport.TransferSyntaxUids;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Deflate bombs against the packaged gateway with a 256 MB heap (its embedded broker in the same JVM): small deflated
 * objects whose private OB inflates to gigabytes. One above gateway.dicom.max-object-size (2G) gets 0xA700 and leaves
 * no file; one below it (1 GiB of private zeros, four times the heap) is stored, because the read-back never loads
 * the private value; the listener serves the next association either way.
 */
class HeapLimitIT {

    private static final Logger LOG = Logger.getLogger(HeapLimitIT.class);
    private static final String SC = SopClasses.SECONDARY_CAPTURE;
    private static final int OUT_OF_RESOURCES = 0xA700;
    /** Inflating gigabytes on 2 shared cores takes seconds to tens of seconds: a wide bound. */
    private static final int ANSWER_TIMEOUT_MS = 300_000;

    @Test
    void deflateBombs_withHeapOf256m_failureStatusOrStoredAndTheNodeKeepsServing() throws Exception {
        Path work = ItDirs.newWork("heap-limit");
        // Forwarding goes nowhere (a free port): this test is about what the listener takes.
        Path rules = RulesFile.passAllTo(work, FreePorts.next());
        try (GatewayProcess gateway = new GatewayProcess("heap-limit", work.resolve("gateway-data"), rules, Map.of())
                .heap("256m")
                .start()) {
            long t0 = System.nanoTime();
            byte[] over = DeflateBombs.privateZeros(SC, "2.25.7001", 3_000_000_000L);
            byte[] under = DeflateBombs.privateZeros(SC, "2.25.7002", 1L << 30);
            LOG.infof(
                    "deflate bombs: 3 GB of zeros -> %d bytes, 1 GiB -> %d bytes (%d ms to make)",
                    over.length, under.length, (System.nanoTime() - t0) / 1_000_000);

            RawStoreScu.Outcome refused = store(gateway, "2.25.7001", over);
            assertEquals(RawStoreScu.Kind.STATUS, refused.kind(), refused.toString());
            assertEquals(OUT_OF_RESOURCES, refused.status(), refused.toString());
            assertEquals(List.of(), SpoolFiles.namedLike(gateway.spoolDir(), "2.25.7001"));

            RawStoreScu.Outcome stored = store(gateway, "2.25.7002", under);
            assertTrue(stored.success(), "1 GiB private value under the limit: " + stored);

            RawStoreScu.Outcome next = RawStoreScu.store(
                    gateway.dicomPort(),
                    "RAWSCU",
                    GatewayProcess.AE_TITLE,
                    SC,
                    "2.25.7003",
                    TransferSyntaxUids.EXPLICIT_LE,
                    RawObjects.dataSet(SC, "2.25.7003"),
                    30_000);
            assertTrue(next.success(), next.toString());
            assertTrue(gateway.isAlive() && gateway.healthUp(), "gateway still up; log:\n" + gateway.logTail());
            assertTrue(!gateway.logText().contains("OutOfMemoryError"), "no OutOfMemoryError in the log");
        } finally {
            ItDirs.deleteTree(work);
        }
    }

    private static RawStoreScu.Outcome store(GatewayProcess gateway, String uid, byte[] dataSet) throws Exception {
        long t0 = System.nanoTime();
        RawStoreScu.Outcome outcome = RawStoreScu.store(
                gateway.dicomPort(),
                "RAWSCU",
                GatewayProcess.AE_TITLE,
                SC,
                uid,
                TransferSyntaxUids.DEFLATED_LE,
                dataSet,
                ANSWER_TIMEOUT_MS);
        LOG.infof("%s: %s after %d ms", uid, outcome, (System.nanoTime() - t0) / 1_000_000);
        return outcome;
    }
}
