package org.deblurgateway.dicom.derived;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** Shared fixtures of the derived-instance tests. */
final class TestSupport {

    static final String WEIGHTS = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    static final Instant PROCESSED_AT = Instant.parse("2026-11-05T14:03:27.123456Z");

    private TestSupport() {}

    static DerivedSeriesSettings settings() {
        return new DerivedSeriesSettings(" DEBLURRED rdsam-lite", 1000, "RESEARCH", "Deblur Gateway Project", "0.1.0");
    }

    static Provenance provenance() {
        return new Provenance(
                "rdsam-lite", "1.0", WEIGHTS, "GPU", "tile 256 overlap 32 batch 4", 0.42, 0.31, 1234, PROCESSED_AT);
    }

    /** The shared data folder (system property shared.data.dir, set by the build); skips the test when absent. */
    static Path sharedDicom() {
        String dir = System.getProperty("shared.data.dir");
        assumeTrue(
                dir != null && Files.isDirectory(Path.of(dir, "dicom")),
                "shared data folder (system property shared.data.dir) is absent; corpus test skipped");
        return Path.of(dir, "dicom");
    }
}
