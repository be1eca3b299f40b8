package org.deblurgateway.dicom.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Writes a campaign's results as JSON (counts for machines) and Markdown (for people). */
final class FuzzReportWriter {

    private FuzzReportWriter() {}

    /** Writes {@code dir/name.json} and {@code dir/name.md}. */
    static void write(FuzzCampaign.Result r, Path dir, String name, String command) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(name + ".json"), json(r, command));
        Files.writeString(dir.resolve(name + ".md"), markdown(r, command));
    }

    static String cpu() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String json(FuzzCampaign.Result r, String command) {
        StringBuilder s = new StringBuilder("{\n");
        s.append("  \"started\": ").append(q(r.started().toString())).append(",\n");
        s.append("  \"command\": ").append(q(command)).append(",\n");
        s.append("  \"cpu\": ").append(q(cpu())).append(",\n");
        s.append("  \"cores\": ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(",\n");
        s.append("  \"loadAverageAtEnd\": ").append(q(load())).append(",\n");
        s.append("  \"java\": ").append(q(System.getProperty("java.version"))).append(",\n");
        s.append("  \"masterSeed\": ").append(r.plan().masterSeed()).append(",\n");
        s.append("  \"seeds\": {\"note\": ")
                .append(q(r.corpus().note()))
                .append(", \"sharedFiles\": ")
                .append(r.corpus().sharedFiles())
                .append(", \"generated\": ")
                .append(r.corpus().generated())
                .append(", \"skippedLargerThanBytes\": ")
                .append(r.plan().maxSeedBytes())
                .append(", \"skipped\": ")
                .append(r.corpus().skippedTooLarge())
                .append("},\n");
        s.append("  \"cases\": ").append(r.cases()).append(",\n");
        s.append("  \"failures\": ").append(r.failures()).append(",\n");
        s.append("  \"durationMillis\": ").append(r.millis()).append(",\n");
        s.append("  \"maxHeapBytes\": ").append(r.maxHeapBytes()).append(",\n");
        s.append("  \"peakHeapUsedBytes\": ").append(r.peakHeapBytes()).append(",\n");
        s.append("  \"pixelCasesThroughExternalDecoders\": ")
                .append(r.pixelToolCases())
                .append(",\n");
        s.append("  \"targets\": [\n");
        for (int i = 0; i < r.targets().size(); i++) {
            FuzzRunner.TargetReport t = r.targets().get(i);
            s.append("    {\"target\": ").append(q(t.target()));
            s.append(", \"cases\": ").append(t.cases());
            s.append(", \"durationMillis\": ").append(t.millis());
            s.append(", \"healthChecks\": ").append(t.healthChecks());
            s.append(", \"maxHeapUsedSampledBytes\": ").append(t.maxHeapUsedBytes());
            s.append(",\n     \"slowestCases\": ")
                    .append(t.slowest().stream().map(FuzzReportWriter::q).collect(Collectors.joining(", ", "[", "]")));
            s.append(",\n     \"verdicts\": ").append(map(t.verdicts()));
            s.append(",\n     \"outcomes\": ").append(map(t.outcomes()));
            s.append(",\n     \"failures\": [");
            s.append(t.failures().stream().map(FuzzReportWriter::failure).collect(Collectors.joining(", ")));
            s.append("]}").append(i + 1 < r.targets().size() ? ",\n" : "\n");
        }
        s.append("  ]\n}\n");
        return s.toString();
    }

    private static String failure(FuzzRunner.Failure f) {
        return "{\"index\": " + f.index() + ", \"verdict\": " + q(f.verdict().name()) + ", \"seed\": " + q(f.seed())
                + ", \"kind\": " + q(f.kind()) + ", \"steps\": "
                + f.steps().stream().map(FuzzReportWriter::q).collect(Collectors.joining(", ", "[", "]"))
                + ", \"outcome\": " + q(f.outcome()) + ", \"detail\": " + q(f.detail()) + "}";
    }

    private static String map(Map<?, Long> m) {
        return m.entrySet().stream()
                .map(e -> q(e.getKey().toString()) + ": " + e.getValue())
                .collect(Collectors.joining(", ", "{", "}"));
    }

    private static String q(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : (s == null ? "" : s).toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static String markdown(FuzzCampaign.Result r, String command) {
        StringBuilder s = new StringBuilder("# Fuzzing: listener, data set reader, pixel decoder\n\n");
        s.append("Written by `bench/fuzz.sh` (")
                .append(command)
                .append("). Started ")
                .append(r.started());
        s.append("; CPU: ")
                .append(cpu())
                .append(" (")
                .append(Runtime.getRuntime().availableProcessors());
        s.append(" cores, load average at the end ").append(load()).append("); Java ");
        s.append(System.getProperty("java.version")).append(".\n\n");
        s.append("- **")
                .append(r.cases())
                .append(" cases, ")
                .append(r.failures())
                .append(" failures** (crash,");
        s.append(" hang, or listener not serving) in ").append(String.format("%.1f", r.millis() / 60000.0));
        s.append(" min; master seed ").append(r.plan().masterSeed()).append(".\n");
        s.append("- Seeds: ")
                .append(r.corpus().note())
                .append(": ")
                .append(r.corpus().sharedFiles());
        s.append(" shared files, ").append(r.corpus().generated()).append(" generated, ");
        s.append(r.corpus().skippedTooLarge())
                .append(" files over ")
                .append(r.plan().maxSeedBytes() / 1024);
        s.append(" KiB left out.\n");
        s.append("- Heap: -Xmx ").append(r.maxHeapBytes() / (1024 * 1024)).append(" MiB; peak used (sum of");
        s.append(" the heap pools' peaks) ")
                .append(r.peakHeapBytes() / (1024 * 1024))
                .append(" MiB.\n");
        s.append("- Pixel cases whose compressed data reached gdcmconv/dcmtk: ").append(r.pixelToolCases());
        s.append(" (one compressed case in ").append(r.plan().externalEvery()).append("; the others pass through");
        s.append(" as undecodable without a tool).\n\n");
        s.append("| target | cases | accepted | refused | crash | hang | not serving | time | max heap sampled |\n");
        s.append("|---|---|---|---|---|---|---|---|---|\n");
        for (FuzzRunner.TargetReport t : r.targets()) {
            s.append("| ").append(t.target()).append(" | ").append(t.cases());
            for (CaseResult.Verdict v : CaseResult.Verdict.values()) {
                s.append(" | ").append(t.verdicts().getOrDefault(v, 0L));
            }
            s.append(" | ").append(String.format("%.1f s", t.millis() / 1000.0));
            s.append(" | ").append(t.maxHeapUsedBytes() / (1024 * 1024)).append(" MiB |\n");
        }
        for (FuzzRunner.TargetReport t : r.targets()) {
            s.append("\n## ").append(t.target()).append(": outcomes\n\n| outcome | cases |\n|---|---|\n");
            List<Map.Entry<String, Long>> top = t.outcomes().entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .limit(40)
                    .toList();
            for (Map.Entry<String, Long> e : top) {
                s.append("| ")
                        .append(e.getKey().replace("|", "/"))
                        .append(" | ")
                        .append(e.getValue())
                        .append(" |\n");
            }
            if (t.outcomes().size() > top.size()) {
                s.append("| (").append(t.outcomes().size() - top.size()).append(" rarer outcomes: fuzz.json) | |\n");
            }
            s.append("\nSlowest cases: ").append(String.join("; ", t.slowest())).append(".\n");
            if (!t.failures().isEmpty()) {
                s.append("\nFailures (first ").append(t.failures().size()).append("):\n\n");
                for (FuzzRunner.Failure f : t.failures()) {
                    s.append("- case ")
                            .append(f.index())
                            .append(" ")
                            .append(f.verdict())
                            .append(" ");
                    s.append(f.outcome())
                            .append(" (seed ")
                            .append(f.seed())
                            .append(", ")
                            .append(f.kind());
                    s.append(", ")
                            .append(f.steps())
                            .append("): ")
                            .append(f.detail())
                            .append('\n');
                }
            }
        }
        return s.toString();
    }
}
