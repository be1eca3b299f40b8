package org.deblurgateway.gateway.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deblurgateway.testsupport.ChildProcess;

/** Test objects written by it/make_objects.py (pydicom) into a scratch folder: copies of a shared file, or generated. */
public final class GeneratedObjects {

    private GeneratedObjects() {}

    /** {@code count} copies of {@code template}, each with a new SOP Instance UID; file -> UID, in sending order. */
    public static Map<Path, String> copies(Path template, Path outDir, int count) {
        return run("copies", List.of(template.toString(), outDir.toString(), Integer.toString(count)), count);
    }

    /** One copy of {@code template} whose SOP Instance UID is {@code uid} verbatim (it may be a crafted, invalid UID). */
    public static Path withSopInstanceUid(Path template, Path outFile, String uid) {
        run("uid", List.of(template.toString(), outFile.toString(), uid), 1);
        return outFile;
    }

    /**
     * One uncompressed multi-frame 16-bit MONOCHROME2 object, {@code frames} of {@code rows} x {@code columns}, each
     * frame its own scene (frames nearly uncorrelated, so frame order can be checked by correlation); file -> UID.
     */
    public static Map<Path, String> multiFrame(Path outFile, int frames, int rows, int columns, int seed) {
        return run(
                "multiframe",
                List.of(
                        outFile.toString(),
                        Integer.toString(frames),
                        Integer.toString(rows),
                        Integer.toString(columns),
                        Integer.toString(seed)),
                1);
    }

    /**
     * A copy of each file with a new SOP Instance UID, everything else (pixel data bytes, transfer syntax) as it was;
     * copy -> new UID, in the order of {@code files}.
     */
    public static Map<Path, String> withFreshUids(List<Path> files, Path outDir) {
        List<String> args = new ArrayList<>(List.of(outDir.toString()));
        files.forEach(file -> args.add(file.toString()));
        return run("reuid", args, files.size());
    }

    private static Map<Path, String> run(String mode, List<String> args, int expected) {
        Path log;
        try {
            log = Files.createTempFile(ItDirs.logs(), "make-objects-", ".tsv");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>(List.of(
                "/usr/bin/python3",
                "-W",
                "ignore",
                ItDirs.resource("make_objects.py").toString(),
                mode));
        command.addAll(args);
        try (ChildProcess python = ChildProcess.start("make_objects.py", command, Map.of(), ItDirs.logs(), log)) {
            int exit = python.waitFor(Duration.ofMinutes(3));
            if (exit != 0) {
                throw new AssertionError("make_objects.py " + mode + " failed (exit " + exit + "):\n" + python.tail());
            }
        }
        Map<Path, String> made = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(log)) {
                String[] f = line.split("\t");
                if (f.length == 2 && !line.startsWith("===")) {
                    made.put(Path.of(f[0]), f[1]);
                }
            }
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (made.size() != expected) {
            throw new AssertionError("make_objects.py made " + made.size() + " objects, expected " + expected);
        }
        return made;
    }
}
