package org.deblurgateway.routes.flow;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** dcmtk's storescp as a destination PACS: a child process writing received objects to a folder. */
final class Storescp implements AutoCloseable {

    static final String BINARY = "/usr/bin/storescp";

    private final Process process;
    private final Path folder;

    private Storescp(Process process, Path folder) {
        this.process = process;
        this.folder = folder;
    }

    static boolean installed() {
        return Files.isExecutable(Path.of(BINARY));
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        }
    }

    /** Starts storescp as AE "PACS" on {@code port}, writing into {@code folder}; returns once it listens. */
    static Storescp start(int port, Path folder) throws IOException, InterruptedException {
        Files.createDirectories(folder);
        ProcessBuilder builder = new ProcessBuilder(BINARY, "--aetitle", "PACS", "-od", folder.toString(),
                String.valueOf(port))
                .redirectErrorStream(true)
                .redirectOutput(folder.resolveSibling("storescp-" + port + ".log").toFile());
        builder.environment().put("TCP_NODELAY", "1");
        Process process = builder.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return new Storescp(process, folder);
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("storescp did not start on port " + port);
    }

    List<Path> received() throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.toList();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
