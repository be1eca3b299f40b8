package org.deblurgateway.gateway.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.stream.Stream;
import org.deblurgateway.testsupport.ProcessLogs;

/**
 * Folders the integration tests write to: child-process logs under {@code <build dir>/it-logs} (kept for diagnosis)
 * and scratch folders under {@code <build dir>/it-work} (deleted when a test is done). Failsafe passes both.
 */
public final class ItDirs {

    private ItDirs() {}

    /** Folder for the logs of the processes a test starts; kept after the run. */
    public static Path logs() {
        return ProcessLogs.folder();
    }

    /** A fresh scratch folder for one test, named after it. */
    public static Path newWork(String name) {
        Path root = ensure(Paths.get(System.getProperty("it.work.dir", "target/it-work")));
        try {
            return Files.createTempDirectory(root, name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a scratch folder under " + root, e);
        }
    }

    /** The repository root (failsafe passes it; tools/ lives there). */
    public static Path repoRoot() {
        return Paths.get(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
    }

    /** A file in the test resources folder it/ (helper scripts). */
    public static Path resource(String name) {
        Path path = Paths.get(System.getProperty("it.resources.dir", "src/test/resources/it"))
                .resolve(name);
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("test resource missing: " + path.toAbsolutePath());
        }
        return path.toAbsolutePath();
    }

    /** Deletes a folder tree; quietly does nothing when it is already gone. */
    public static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }

    private static Path ensure(Path dir) {
        try {
            return Files.createDirectories(dir.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }
}
