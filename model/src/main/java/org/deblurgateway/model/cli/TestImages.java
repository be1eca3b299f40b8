package org.deblurgateway.model.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/** The test images of a data folder: {@code DIR/<modality>/} PNG and JPEG files, by name. */
final class TestImages {

    private TestImages() {}

    /** Image files of one modality folder, by name, the first {@code limit} (0 = all). */
    static List<Path> images(Path modalityDir, int limit) throws IOException {
        try (Stream<Path> files = Files.list(modalityDir)) {
            Stream<Path> s = files.filter(Files::isRegularFile)
                    .filter(p -> {
                        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                        return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg");
                    })
                    .sorted();
            return (limit > 0 ? s.limit(limit) : s).toList();
        }
    }

    /**
     * Modality (folder name, sorted) to its first {@code limit} images; folders without images are left out.
     *
     * @throws IOException when the folder is missing or holds no images at all
     */
    static Map<String, List<Path>> byModality(Path dataDir, int limit) throws IOException {
        if (!Files.isDirectory(dataDir)) {
            throw new IOException("data folder " + dataDir + " does not exist");
        }
        Map<String, List<Path>> work = new LinkedHashMap<>();
        try (Stream<Path> dirs = Files.list(dataDir)) {
            for (Path d : dirs.filter(Files::isDirectory).sorted().toList()) {
                List<Path> imgs = images(d, limit);
                if (!imgs.isEmpty()) {
                    work.put(d.getFileName().toString(), imgs);
                }
            }
        }
        if (work.isEmpty()) {
            throw new IOException("no <modality>/ folders with PNG or JPEG images in " + dataDir);
        }
        return work;
    }
}
