package org.deblurgateway.dicom.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The full fuzz campaign of {@code bench/fuzz.sh} (not part of the test suite: it runs only when
 * {@code fuzz.results} names the folder for the results, {@code fuzz.results-name} their file name, default fuzz). Case counts and the master seed come from
 * system properties {@code fuzz.seed}, {@code fuzz.reader}, {@code fuzz.pixels}, {@code fuzz.listener}.
 */
class FuzzCampaignTest {

    @TempDir
    Path work;

    @Test
    @EnabledIfSystemProperty(named = "fuzz.results", matches = ".+")
    void campaign_fullRun_resultsWrittenAndNoFailures() throws Exception {
        FuzzCampaign plan = new FuzzCampaign(
                Long.getLong("fuzz.seed", 20261207L),
                Integer.getInteger("fuzz.reader", 45_000),
                Integer.getInteger("fuzz.pixels", 35_000),
                Integer.getInteger("fuzz.listener", 20_000),
                Integer.getInteger("fuzz.max-seed-bytes", 1024 * 1024),
                Integer.getInteger("fuzz.external-every", 20));
        String dir = System.getProperty("shared.data.dir");
        FuzzCampaign.Result result =
                plan.run(dir == null ? null : Path.of(dir), Path.of(System.getProperty("fuzz.work", work.toString())));
        FuzzReportWriter.write(
                result,
                Path.of(System.getProperty("fuzz.results")),
                System.getProperty("fuzz.results-name", "fuzz"),
                System.getProperty("fuzz.command", "bench/fuzz.sh"));
        assertEquals(0, result.failures(), "fuzz failures: see " + System.getProperty("fuzz.results"));
    }
}
