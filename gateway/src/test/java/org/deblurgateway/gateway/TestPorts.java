package org.deblurgateway.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.UUID;

/** Free loopback ports and a private data folder under this module's build folder, for one test application. */
final class TestPorts {

    private TestPorts() {
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh folder under the build directory (target or target-NAME), never the shared data folder. */
    static Path freshDataDir(String name) {
        try {
            Path testClasses = Path.of(TestPorts.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return testClasses.getParent().resolve("test-data").resolve(name + "-" + UUID.randomUUID());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The repository's shipped rules file (the routes module validates it at start). */
    static Path rulesFile() {
        String root = System.getProperty("repo.root", System.getProperty("maven.multiModuleProjectDirectory", ".."));
        return Path.of(root).resolve("conf/rules.yaml").toAbsolutePath().normalize();
    }
}
