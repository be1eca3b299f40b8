package org.deblurgateway.gateway.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Looks at what the gateway left on disk: every regular file under a folder, and files named like a given text. */
public final class SpoolFiles {

    private SpoolFiles() {}

    /** Every regular file under {@code root} (none when it does not exist). */
    public static List<Path> under(Path root) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
    }

    /** Every file or folder under {@code root} whose name contains {@code fragment}. */
    public static List<Path> namedLike(Path root, String fragment) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(path -> path.getFileName() != null
                            && path.getFileName().toString().contains(fragment))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
    }
}
