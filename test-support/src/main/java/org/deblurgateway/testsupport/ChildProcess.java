package org.deblurgateway.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One external process started by a test, stdout and stderr appended to a log file; {@link #close()} always ends it
 * (SIGTERM, then SIGKILL) together with anything it started.
 */
public final class ChildProcess implements AutoCloseable {

    // The JDK's logger: this module depends on no logging library; JUL routes it to whatever the test JVM configures.
    private static final Logger LOG = System.getLogger(ChildProcess.class.getName());
    /** 128 + SIGKILL: what {@link Process#exitValue()} reports for a process killed by signal 9. */
    public static final int KILLED_BY_SIGKILL = 137;

    /** Children still running when the test JVM ends (a failsafe timeout, Ctrl-C) are killed, never orphaned. */
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    private static final Set<Path> LOGS_OF_THIS_RUN = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> RUNNING.forEach(process -> {
                            process.descendants().forEach(ProcessHandle::destroyForcibly);
                            process.destroyForcibly();
                        }),
                        "it-child-reaper"));
    }

    private final String name;
    private final Process process;
    private final Path log;

    private ChildProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code command} in {@code workDir} with {@code env} added to this JVM's environment. */
    public static ChildProcess start(
            String name, List<String> command, Map<String, String> env, Path workDir, Path log) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        try {
            // A restart within this run appends to its log; a log left by an earlier build is started afresh,
            // otherwise its lines (e.g. Orthanc's per-C-STORE counter) would be counted again.
            StandardOpenOption mode = LOGS_OF_THIS_RUN.add(log.toAbsolutePath())
                    ? StandardOpenOption.TRUNCATE_EXISTING
                    : StandardOpenOption.APPEND;
            Files.writeString(
                    log,
                    "=== " + String.join(" ", command) + "\n",
                    StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE,
                    mode);
            Process process = builder.start();
            RUNNING.add(process);
            process.onExit().thenRun(() -> RUNNING.remove(process));
            LOG.log(Level.INFO, "started {0} (pid {1}), log {2}", name, Long.toString(process.pid()), log);
            return new ChildProcess(name, process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** The process's output so far (for assertion messages). */
    public String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    /** Waits for the process to end by itself; fails with its log tail when it takes longer than {@code timeout}. */
    public int waitFor(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(name + " did not finish within " + timeout + "; log " + log + ":\n" + tail());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + name, e);
        }
    }

    /**
     * SIGKILL, no chance to clean up ({@link Process#destroyForcibly()} sends signal 9 on Linux; the exit value 137
     * proves it). Children of the process are killed too.
     */
    public void kill9() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        int exit = waitFor(Duration.ofSeconds(30));
        LOG.log(Level.INFO, "killed {0} (pid {1}) with SIGKILL, exit {2}", name, Long.toString(process.pid()), exit);
        if (exit != KILLED_BY_SIGKILL) {
            throw new AssertionError(name + " was meant to die by SIGKILL (exit 137) but exited " + exit);
        }
    }

    /** Last part of the log, for failure messages. */
    public String tail() {
        String out = output();
        return out.length() <= 4000 ? out : "..." + out.substring(out.length() - 4000);
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                LOG.log(
                        Level.WARNING,
                        "{0} (pid {1}) ignored SIGTERM for 20 s; sending SIGKILL",
                        name,
                        Long.toString(process.pid()));
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
