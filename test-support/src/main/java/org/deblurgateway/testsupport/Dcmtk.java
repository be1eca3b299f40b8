package org.deblurgateway.testsupport;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The dcmtk command-line tools (Debian dcmtk 3.6.7) run to their end: echoscu and storescu as real peers, dump2dcm and
 * dcmdump to write and read objects. {@link Storescu} watches storescu runs in progress, {@link Storescp} runs the
 * storage SCP.
 */
public final class Dcmtk {

    /** Bound for a single peer run: far above what one echo or a few small objects take. */
    private static final Duration DEFAULT_LIMIT = Duration.ofSeconds(60);

    private Dcmtk() {}

    public static boolean installed() {
        return List.of("echoscu", "storescu", "storescp", "dump2dcm", "dcmdump").stream()
                .allMatch(tool -> Files.isExecutable(Path.of("/usr/bin", tool)));
    }

    /** Skips the calling test when dcmtk is missing. */
    public static void assumeInstalled() {
        assumeTrue(
                installed(),
                "dcmtk (echoscu, storescu, storescp, dump2dcm, dcmdump) is not installed; run tools/bootstrap");
    }

    /** Runs a tool to its end; fails the test when it takes longer than 60 s (a hung peer is never an answer). */
    public static ToolRun run(String... command) {
        ToolRun run = ToolRun.of(DEFAULT_LIMIT, List.of(command));
        if (run.timedOut()) {
            throw new AssertionError(run.output());
        }
        return run;
    }

    /**
     * Runs a tool for at most {@code limit} and reports a run killed by that limit as {@link ToolRun#timedOut()}, for
     * callers that count slow runs instead of failing on them.
     */
    public static ToolRun runWithin(Duration limit, String... command) {
        return ToolRun.of(limit, List.of(command));
    }

    /**
     * Writes {@code dump} (dcmdump text) as a Part 10 file in explicit VR little endian with dump2dcm (group lengths
     * recomputed, values up to 1 MB read from the text); the text itself goes to {@code scratch}, never next to
     * {@code file} (which may be a watched folder).
     */
    public static Path dump2dcm(String dump, Path scratch, Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path dumpFile = Files.writeString(Files.createDirectories(scratch).resolve("object.dump"), dump);
            ToolRun run = run("/usr/bin/dump2dcm", "-g", "+te", "+l", "1000000", dumpFile.toString(), file.toString());
            if (run.exit() != 0) {
                throw new AssertionError("dump2dcm failed (exit " + run.exit() + "): " + run.output());
            }
            // dump2dcm exits 0 even when it refuses its input
            if (!Files.isRegularFile(file)) {
                throw new AssertionError("dump2dcm wrote no object: " + run.output());
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs a tool for at most 2 minutes with its output written to {@code log} (kept for diagnosis, as the ITs keep
     * every child's log); its exit status, {@link ToolRun#TIMED_OUT} when it ran out of time.
     */
    public static int runLogged(List<String> command, Path log) {
        ToolRun run = ToolRun.of(Duration.ofMinutes(2), command);
        try {
            Files.writeString(log, run.output());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return run.exit();
    }

    /** One attribute's value as dcmdump prints it between the brackets (the first element of that keyword). */
    public static String value(Path file, String keyword) {
        String out =
                run("/usr/bin/dcmdump", "-s", "+P", keyword, file.toString()).output();
        int open = out.indexOf('[');
        int close = out.indexOf(']', open + 1);
        if (open < 0 || close < 0) {
            throw new AssertionError("dcmdump found no " + keyword + " in " + file + ": " + out);
        }
        return out.substring(open + 1, close);
    }

    /** dcmdump's text of a file, meta header included. */
    public static String dcmdump(Path file) {
        return run("/usr/bin/dcmdump", "-M", file.toString()).output();
    }
}
