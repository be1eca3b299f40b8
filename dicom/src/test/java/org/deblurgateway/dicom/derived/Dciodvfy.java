package org.deblurgateway.dicom.derived;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs dicom3tools' {@code dciodvfy} (IOD validator) on a file and collects its "Error -" lines. */
final class Dciodvfy {

    static final Path BINARY = Path.of("/usr/bin/dciodvfy");

    /**
     * Errors this dciodvfy build reports that the standard contradicts. The MR Pulse Sequence module (PS3.3
     * C.8.13.4) and the Bulk Motion Synchronization module (C.7.6.18.3) make their attributes "Required if Image
     * Type (0008,0008) Value 1 is ORIGINAL or MIXED. May be present otherwise."; the validator treats them as "may
     * not be present otherwise", so every DERIVED enhanced MR image that keeps its acquisition description is
     * flagged. Dropping those attributes would lose what the images were acquired with.
     */
    static final Pattern VALIDATOR_DISAGREEMENTS = Pattern.compile(
            "Attribute present when condition unsatisfied \\(which may not be present otherwise\\) Type 1C "
                    + "Conditional Element=<[A-Za-z]+> Module=<(MRPulseSequence|BulkMotionSynchronization)>");

    private static final Pattern QUOTED_UID = Pattern.compile("\"([0-9.]+)\"");

    private Dciodvfy() {}

    static boolean available() {
        return Files.isExecutable(BINARY);
    }

    private static Path explicitLittleEndianCopy(Path source, Path copy) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("dcmconv", "+te", source.toString(), copy.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("dcmconv +te failed on " + source + ": " + output);
        }
        return copy;
    }

    /** Every line of the validator's output (stdout and stderr together). */
    static List<String> run(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(BINARY.toString(), file.toString())
                .redirectErrorStream(true)
                .start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("dciodvfy timed out on " + file);
        }
        return List.of(new String(out, StandardCharsets.ISO_8859_1).split("\\R"));
    }

    /** How many of the validator's error lines on {@code file} are {@link #VALIDATOR_DISAGREEMENTS}. */
    static long disagreements(Path file) throws IOException, InterruptedException {
        return run(file).stream()
                .filter(l -> VALIDATOR_DISAGREEMENTS.matcher(l).find())
                .count();
    }

    /** The error lines of {@code file}, normalised (see {@link #normalise}). */
    static Set<String> errors(Path file) throws IOException, InterruptedException {
        Set<String> errors = new TreeSet<>();
        for (String line : run(file)) {
            if (line.contains("Error - ")) {
                errors.add(normalise(line));
            }
        }
        return errors;
    }

    /**
     * Makes error lines of a source and its derived object comparable: values (UIDs, quoted and bracketed values,
     * dotted numbers) are replaced by placeholders, element and module names stay. A derived error that equals a source
     * error after this is one the source already had.
     */
    static String normalise(String line) {
        return line.substring(line.indexOf("Error - "))
                .replaceAll("[0-9]+(\\.[0-9]+)+", "#")
                .replaceAll("= <[^>]*>", "= <v>")
                .replaceAll("\"[^\"]*\"", "\"v\"")
                .replaceAll("values are .*", "values are v")
                .trim();
    }

    /**
     * Errors of {@code derived} that {@code source} did not have, leaving out two kinds that are not new:
     * <ul>
     * <li>complaints about a UID value the source's own errors already name (a malformed source UID that the
     * derived object repeats in its references, e.g. "Illegal root for UID" on Referenced SOP Instance UID);</li>
     * <li>{@link #VALIDATOR_DISAGREEMENTS}.</li>
     * </ul>
     */
    static List<String> newErrors(Path source, Path derived) throws IOException, InterruptedException {
        List<String> sourceLines = run(source);
        if (sourceLines.stream().anyMatch(l -> l.contains("Error - Dicom dataset read failed"))) {
            // This build cannot read some encodings (deflated data sets): judge an Explicit VR Little Endian copy.
            sourceLines = run(explicitLittleEndianCopy(source, derived.resolveSibling("baseline-source.dcm")));
        }
        Set<String> before = new TreeSet<>();
        StringBuilder sourceErrorText = new StringBuilder();
        for (String line : sourceLines) {
            if (line.contains("Error - ")) {
                before.add(normalise(line));
                sourceErrorText.append(line).append('\n');
            }
        }
        List<String> added = new ArrayList<>();
        for (String line : run(derived)) {
            if (!line.contains("Error - ")
                    || before.contains(normalise(line))
                    || VALIDATOR_DISAGREEMENTS.matcher(line).find()) {
                continue;
            }
            Matcher uid = QUOTED_UID.matcher(line);
            if (uid.find() && sourceErrorText.indexOf("\"" + uid.group(1) + "\"") >= 0) {
                continue;
            }
            added.add(normalise(line));
        }
        return added;
    }
}
