package org.deblurgateway.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One run of a command-line tool to its end: exit status and output (stdout and stderr together). */
public record ToolRun(int exit, String output) {

    /** The exit reported when the tool did not finish in time (it is killed). */
    public static final int TIMED_OUT = -1;

    /** Output kept: the end, because a peer that floods warnings still prints its outcome last. */
    private static final int MAX_OUTPUT = 1 << 20;

    public boolean timedOut() {
        return exit == TIMED_OUT;
    }

    /**
     * Runs {@code command} and waits at most {@code limit}; a tool still running then is killed and reported as
     * {@link #TIMED_OUT}. Output goes through a file so a chatty tool can never block on a full pipe.
     */
    public static ToolRun of(Duration limit, List<String> command) {
        Path log = null;
        try {
            log = Files.createTempFile("tool", ".log");
            Process p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor();
                return new ToolRun(TIMED_OUT, "timed out after " + limit + ": " + String.join(" ", command));
            }
            byte[] out = Files.readAllBytes(log);
            int from = Math.max(0, out.length - MAX_OUTPUT);
            return new ToolRun(p.exitValue(), new String(out, from, out.length - from, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        } finally {
            deleteQuietly(log);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A leftover temp file changes no result.
        }
    }
}
