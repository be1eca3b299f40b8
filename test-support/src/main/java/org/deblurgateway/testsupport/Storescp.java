package org.deblurgateway.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * dcmtk's storescp as a destination PACS: a child process writing the objects it receives into a folder, its log
 * next to that folder ({@code storescp-<port>.log}).
 */
public final class Storescp implements AutoCloseable {

    public static final String BINARY = "/usr/bin/storescp";
    private static final Duration LISTEN_TIMEOUT = Duration.ofSeconds(10);

    private final Process process;
    private final Path folder;
    private final int port;
    private final Path log;

    private Storescp(Process process, Path folder, int port, Path log) {
        this.process = process;
        this.folder = folder;
        this.port = port;
        this.log = log;
    }

    public static boolean installed() {
        return Files.isExecutable(Path.of(BINARY));
    }

    /**
     * Starts storescp as {@code aeTitle} on {@code port} with further storescp {@code options} (e.g. {@code +xi},
     * {@code --refuse}, {@code --sleep-during 5}); returns once it listens, fails with its log if it exits first.
     */
    public static Storescp start(String aeTitle, int port, Path folder, String... options) {
        try {
            Files.createDirectories(folder);
            List<String> command = new ArrayList<>(List.of(BINARY, "--aetitle", aeTitle, "-od", folder.toString()));
            command.addAll(List.of(options));
            command.add(String.valueOf(port));
            Path log = folder.resolveSibling("storescp-" + port + ".log");
            ProcessBuilder builder =
                    new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            // Small PDUs go out at once instead of waiting for Nagle's algorithm: keeps timing tests honest.
            builder.environment().put("TCP_NODELAY", "1");
            Storescp storescp = new Storescp(builder.start(), folder, port, log);
            storescp.awaitListening(log);
            return storescp;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start storescp", e);
        }
    }

    private void awaitListening(Path log) throws IOException {
        long deadline = System.nanoTime() + LISTEN_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("storescp exited (" + process.exitValue() + "): " + Files.readString(log));
            }
            if (FreePorts.isListening(port)) {
                return;
            }
            Waits.sleep(50);
        }
        process.destroyForcibly();
        throw new AssertionError(
                "storescp did not listen on " + port + " within " + LISTEN_TIMEOUT + ": " + Files.readString(log));
    }

    public int port() {
        return port;
    }

    /** storescp's output (with {@code -v}: a line per association received and released). */
    public Path log() {
        return log;
    }

    /** The log's text so far. */
    public String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read storescp's log " + log, e);
        }
    }

    /** How often {@code pattern} occurs in the log so far (e.g. associations received or released, with -v). */
    public int logCount(Pattern pattern) {
        Matcher matcher = pattern.matcher(logText());
        int n = 0;
        while (matcher.find()) {
            n++;
        }
        return n;
    }

    /** The files received so far. */
    public List<Path> received() {
        try (Stream<Path> files = Files.list(folder)) {
            return files.toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
