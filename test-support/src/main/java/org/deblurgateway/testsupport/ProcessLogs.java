package org.deblurgateway.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The folder for the logs of the processes a test starts ({@code it.log.dir}, which failsafe sets; else
 * {@code target/it-logs}); kept after the run for diagnosis.
 */
public final class ProcessLogs {

    private ProcessLogs() {}

    public static Path folder() {
        Path dir = Path.of(System.getProperty("it.log.dir", "target/it-logs")).toAbsolutePath();
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }
}
