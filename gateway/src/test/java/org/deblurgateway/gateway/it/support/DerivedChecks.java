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

/**
 * Checks derived instances against their sources with it/check_derived.py (pydicom + dciodvfy under
 * /usr/bin/python3), one process for any number of pairs: IOD validity relative to the source, decodable pixel data
 * of the source's geometry, the derivation and provenance attributes, the private quality block and, on request, the
 * frame order. See the script for the exact rules.
 */
public final class DerivedChecks {

    private DerivedChecks() {}

    /** A source object and the derived instance the gateway made from it. */
    public record Pair(Path source, Path derived, String model, boolean checkFrameOrder) {}

    /** The verdict on one pair: no problems means every rule holds. */
    public record Verdict(Pair pair, List<String> problems, String summary) {

        public boolean ok() {
            return problems.isEmpty();
        }
    }

    /**
     * Verdicts in the order of {@code pairs}; fails when the script does not describe every pair. The script's
     * report stays in the IT log folder as {@code <name>-derived-checks.tsv}.
     */
    public static List<Verdict> check(String name, List<Pair> pairs) {
        if (pairs.isEmpty()) {
            return List.of();
        }
        Path input;
        Path log;
        try {
            input = Files.createTempFile(ItDirs.logs(), "derived-pairs-", ".tsv");
            log = ItDirs.logs().resolve(name + "-derived-checks.tsv");
            Files.deleteIfExists(log);
            Files.write(
                    input,
                    pairs.stream()
                            .map(p -> p.source().toAbsolutePath() + "\t"
                                    + p.derived().toAbsolutePath() + "\t" + p.model() + "\t"
                                    + (p.checkFrameOrder() ? "1" : "0"))
                            .toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = List.of(
                "/bin/sh",
                "-c",
                "exec /usr/bin/python3 -W ignore \"$0\" < \"$1\"",
                ItDirs.resource("check_derived.py").toString(),
                input.toString());
        try (ChildProcess python = ChildProcess.start("check_derived.py", command, Map.of(), ItDirs.logs(), log)) {
            int exit = python.waitFor(Duration.ofMinutes(10));
            if (exit != 0) {
                throw new AssertionError("check_derived.py failed with exit " + exit + ":\n" + python.tail());
            }
        }
        Map<String, Verdict> byDerived = new LinkedHashMap<>();
        Map<String, Pair> pending = new LinkedHashMap<>();
        pairs.forEach(p -> pending.put(p.derived().toAbsolutePath().toString(), p));
        try {
            for (String line : Files.readAllLines(log)) {
                String[] f = line.split("\t", -1);
                if (line.startsWith("===") || f.length != 4 || !pending.containsKey(f[1])) {
                    continue;
                }
                List<String> problems = "OK".equals(f[2]) ? List.of() : List.of(f[2].split(" \\| "));
                byDerived.put(f[1], new Verdict(pending.get(f[1]), problems, f[3]));
            }
            Files.deleteIfExists(input);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (byDerived.size() != pairs.size()) {
            throw new AssertionError(
                    "check_derived.py described " + byDerived.size() + " of " + pairs.size() + " pairs");
        }
        return new ArrayList<>(byDerived.values());
    }
}
