package org.deblurgateway.routes.flow;

import jakarta.inject.Inject;
import java.nio.file.Path;
import org.deblurgateway.testsupport.Dcmtk;
import org.deblurgateway.testsupport.FreePorts;
import org.deblurgateway.testsupport.Storescp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every route flow test starts from: dcmtk present, the running routes reset ({@link FlowPipeline#reset()}),
 * the routing counters from the test's start, and a destination (dcmtk's storescp) that is stopped after the test.
 */
abstract class FlowTest {

    @TempDir
    Path temp;

    @Inject
    FlowPipeline pipeline;

    @Inject
    FlowQueues queues;

    @Inject
    FlowHooks hooks;

    /** What the routes counted since this test started. */
    StatisticsSince statistics;

    private Storescp pacs;

    @BeforeEach
    void resetPipeline() throws Exception {
        Dcmtk.assumeInstalled();
        statistics = pipeline.reset();
    }

    @AfterEach
    void stopPacs() {
        if (pacs != null) {
            pacs.close();
        }
    }

    /** Starts storescp as the destination {@code PACS} on {@code port}, receiving into the test's folder. */
    Storescp startPacs(int port, String... options) {
        pacs = Storescp.start("PACS", port, temp.resolve("pacs"), options);
        return pacs;
    }

    /** {@link #startPacs(int, String...)} on a free port. */
    Storescp startPacs(String... options) {
        return startPacs(FreePorts.next(), options);
    }

    /**
     * Writes a small Part 10 object (modality OT, 2x2 8-bit MONOCHROME2 pixels) with dcmtk's dump2dcm to {@code file},
     * e.g. into the receive spool as the gateway's listener would.
     */
    Path writeObject(Path file, String sopClassUid, String sopInstanceUid, String seriesDescription) {
        return Dcmtk.dump2dcm(
                String.join(
                        "\n",
                        "(0008,0016) UI [" + sopClassUid + "]",
                        "(0008,0018) UI [" + sopInstanceUid + "]",
                        "(0008,0060) CS [OT]",
                        "(0008,103e) LO [" + seriesDescription + "]",
                        "(0010,0010) PN [Test^Routes]",
                        "(0010,0020) LO [ROUTES-1]",
                        "(0020,000d) UI [1.2.826.0.1.3680043.10.543.2]",
                        "(0020,000e) UI [1.2.826.0.1.3680043.10.543.3]",
                        "(0028,0002) US 1",
                        "(0028,0004) CS [MONOCHROME2]",
                        "(0028,0010) US 2",
                        "(0028,0011) US 2",
                        "(0028,0100) US 8",
                        "(0028,0101) US 8",
                        "(0028,0102) US 7",
                        "(0028,0103) US 0",
                        "(7fe0,0010) OB 01\\02\\03\\04",
                        ""),
                temp,
                file);
    }

    /** Rules that pass everything to the destination {@code pacs} at 127.0.0.1:{@code port}. */
    static String passRules(int port) {
        return "destinations:\n  pacs: {ae-title: PACS, host: 127.0.0.1, port: " + port + "}\n"
                + "rules:\n  - name: default\n    action: pass\n    destinations: [pacs]\n";
    }
}
