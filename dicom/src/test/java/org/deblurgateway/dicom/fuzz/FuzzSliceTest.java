package org.deblurgateway.dicom.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded slice of the fuzz campaign the test suite runs (bench/fuzz.sh runs the full one): a few thousand
 * cases from a fixed master seed against the data set reader, the pixel decoder and the real listener, seeded from
 * the shared corpus when present (generated seeds otherwise, said in the log). No case may crash or hang, and the
 * listener must answer a C-ECHO after every batch.
 */
class FuzzSliceTest {

    private static final Logger LOG = LoggerFactory.getLogger(FuzzSliceTest.class);

    @TempDir
    Path work;

    @Test
    void slice_fixedSeeds_noCrashNoHangListenerServes() throws Exception {
        String dir = System.getProperty("shared.data.dir");
        Path shared = dir == null ? null : Path.of(dir);
        if (shared == null || !Files.isDirectory(shared.resolve("dicom"))) {
            LOG.warn("shared data folder absent ({}): the fuzz slice runs on generated seeds only", dir);
        }
        FuzzCampaign plan = new FuzzCampaign(20261207L, 2000, 1000, 400, 256 * 1024, 25);
        FuzzCampaign.Result result = plan.run(shared, work);
        LOG.info(
                "fuzz slice: {} cases in {} ms, {} failures; {}",
                result.cases(),
                result.millis(),
                result.failures(),
                result.targets());
        for (FuzzRunner.TargetReport t : result.targets()) {
            assertEquals(0, t.failureCount(), t.target() + " failed: " + t.failures());
            assertTrue(t.verdicts().containsKey(CaseResult.Verdict.REFUSED), t.target() + " refused nothing");
        }
        assertEquals(3400, result.cases());
    }
}
