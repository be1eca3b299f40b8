package org.deblurgateway.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/** A private data folder under this module's build folder and the shipped rules, for one test application. */
final class TestPorts {

    private TestPorts() {}

    /** A fresh folder under the build directory (target or target-NAME), never the shared data folder. */
    static Path freshDataDir(String name) {
        try {
            Path testClasses = Path.of(TestPorts.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            return testClasses.getParent().resolve("test-data").resolve(name + "-" + UUID.randomUUID());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes {@code text} to a file beside {@code dataDir} (its name plus {@code suffix}), e.g. a test's rules file. */
    static Path writeBeside(Path dataDir, String suffix, String text) {
        Path file = dataDir.resolveSibling(dataDir.getFileName() + suffix);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** The repository's shipped rules file (the routes module validates it at start). */
    static Path rulesFile() {
        String root = System.getProperty("repo.root", System.getProperty("maven.multiModuleProjectDirectory", ".."));
        return Path.of(root).resolve("conf/rules.yaml").toAbsolutePath().normalize();
    }
}
