package org.deblurgateway.model.inference;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The shipped models: every folder of the weights directory that holds a {@code model.json}.
 *
 * <p>The weights directory is, in order: system property {@code deblur.weights.dir}, environment variable
 * {@code DEBLUR_WEIGHTS_DIR}, {@code model/weights} under the working directory (repository root), or
 * {@code weights} (when the working directory is the model module, as in Maven tests).
 */
public record ModelCatalog(Path weightsDir) {

    public static ModelCatalog locate() {
        String configured = System.getProperty("deblur.weights.dir", System.getenv("DEBLUR_WEIGHTS_DIR"));
        if (configured != null && !configured.isBlank()) {
            return new ModelCatalog(Path.of(configured));
        }
        Path fromRoot = Path.of("model", "weights");
        return new ModelCatalog(Files.isDirectory(fromRoot) ? fromRoot : Path.of("weights"));
    }

    /** Model ids (folder names with a model.json), sorted; empty when the directory does not exist. */
    public List<String> ids() throws IOException {
        if (!Files.isDirectory(weightsDir)) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(weightsDir)) {
            dirs.filter(d -> Files.isRegularFile(d.resolve(ModelCard.FILE_NAME)))
                    .map(d -> d.getFileName().toString())
                    .sorted()
                    .forEach(ids::add);
        }
        return ids;
    }

    public Path dir(String id) {
        return weightsDir.resolve(id);
    }

    public boolean has(String id) {
        return Files.isRegularFile(dir(id).resolve(ModelCard.FILE_NAME));
    }
}
