package org.deblurgateway.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * dcmtk's storescu as a modality: background runs a test can watch while they send, and what storescu reported for
 * each file. Logs go to {@link ProcessLogs#folder()}.
 */
public final class Storescu {

    /** storescu proposes at most 128 presentation contexts per association. */
    private static final int MAX_CONTEXTS = 120;

    private static final AtomicInteger RUNS = new AtomicInteger();

    private Storescu() {}

    /**
     * Sends files AS IS: a generated storescu profile proposes, for each file, exactly its own SOP class with exactly
     * its own transfer syntax, so storescu never converts (an uncompressed file would otherwise be re-encoded to the
     * negotiated syntax, a compressed one decompressed). One storescu run per 120 distinct (class, syntax) pairs.
     */
    public static StoreResult storeAsIs(
            String logName, int port, String callingAe, String calledAe, List<? extends PartTenFile> files) {
        List<List<PartTenFile>> batches = new ArrayList<>();
        List<PartTenFile> batch = new ArrayList<>();
        Set<String> pairs = new LinkedHashSet<>();
        for (PartTenFile file : files) {
            String pair = file.sopClassUid() + "\\" + file.transferSyntaxUid();
            if (!pairs.contains(pair) && pairs.size() == MAX_CONTEXTS) {
                batches.add(batch);
                batch = new ArrayList<>();
                pairs.clear();
            }
            pairs.add(pair);
            batch.add(file);
        }
        if (!batch.isEmpty()) {
            batches.add(batch);
        }
        StoreResult all = new StoreResult(new LinkedHashMap<>(), "");
        for (List<PartTenFile> part : batches) {
            Path profile = writeProfile(part);
            List<String> options = List.of("-xf", profile.toString(), "AsIs");
            try (StoreRun run = start(
                    logName,
                    port,
                    callingAe,
                    calledAe,
                    options,
                    part.stream().map(PartTenFile::path).toList())) {
                all = all.merge(run.awaitEnd(Duration.ofMinutes(5)));
            }
        }
        return all;
    }

    private static Path writeProfile(List<? extends PartTenFile> files) {
        Map<String, String> syntaxKeys = new LinkedHashMap<>();
        Set<String> pairs = new LinkedHashSet<>();
        for (PartTenFile file : files) {
            syntaxKeys.computeIfAbsent(file.transferSyntaxUid(), ts -> "TS" + (syntaxKeys.size() + 1));
            pairs.add(file.sopClassUid() + "\\" + syntaxKeys.get(file.transferSyntaxUid()));
        }
        StringBuilder cfg = new StringBuilder("[[TransferSyntaxes]]\n");
        syntaxKeys.forEach((ts, key) -> cfg.append('[')
                .append(key)
                .append("]\nTransferSyntax1 = ")
                .append(ts)
                .append('\n'));
        cfg.append("[[PresentationContexts]]\n[AsIsContexts]\n");
        int i = 0;
        for (String pair : pairs) {
            cfg.append("PresentationContext")
                    .append(++i)
                    .append(" = ")
                    .append(pair)
                    .append('\n');
        }
        cfg.append("[[Profiles]]\n[AsIs]\nPresentationContexts = AsIsContexts\n");
        try {
            Path profile = Files.createTempFile(ProcessLogs.folder(), "storescu-profile-", ".cfg");
            Files.writeString(profile, cfg);
            return profile;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts storescu in the background ({@code -v --no-halt}, so every file is tried and each response is logged);
     * the returned run can be watched while it sends.
     */
    public static StoreRun start(
            String logName, int port, String callingAe, String calledAe, List<String> options, List<Path> files) {
        List<String> command = new ArrayList<>(List.of(
                "storescu",
                "-v",
                "-nh",
                "-aet",
                callingAe,
                "-aec",
                calledAe,
                "-to",
                "10",
                "-ta",
                "30",
                "-ts",
                "60",
                "-td",
                "60"));
        command.addAll(options);
        command.add("127.0.0.1");
        command.add(Integer.toString(port));
        files.forEach(file -> command.add(file.toAbsolutePath().toString()));
        Path log = ProcessLogs.folder().resolve(logName + "-storescu-" + RUNS.incrementAndGet() + ".log");
        ChildProcess process = ChildProcess.start("storescu " + logName, command, Map.of(), ProcessLogs.folder(), log);
        return new StoreRun(process, files);
    }

    /** A storescu run in progress. */
    public static final class StoreRun implements AutoCloseable {

        private final ChildProcess process;
        private final List<Path> files;

        StoreRun(ChildProcess process, List<Path> files) {
            this.process = process;
            this.files = files;
        }

        /** Per-file results from the log so far. */
        public StoreResult current() {
            return StoreResult.parse(process.output(), files);
        }

        public boolean isAlive() {
            return process.isAlive();
        }

        /** Waits for storescu to finish (it exits non-zero when any file failed, which is not an error here). */
        public StoreResult awaitEnd(Duration timeout) {
            process.waitFor(timeout);
            return current();
        }

        @Override
        public void close() {
            process.close();
        }
    }

    /** What storescu reported for each file. */
    public record StoreResult(Map<Path, String> responses, String log) {

        /** Response text meaning success: storescu prints "Received Store Response (Success)". */
        public static final String SUCCESS = "Success";
        /** The file was sent (or attempted) but no response came back. */
        public static final String NO_RESPONSE = "no response";
        /** storescu did not get to this file, or refused to send it. */
        public static final String NOT_SENT = "not sent";

        static StoreResult parse(String log, List<Path> files) {
            Map<Path, String> byPath = new LinkedHashMap<>();
            Map<String, Path> lookup = new LinkedHashMap<>();
            for (Path file : files) {
                byPath.put(file, NOT_SENT);
                lookup.put(file.toAbsolutePath().toString(), file);
            }
            Path current = null;
            for (String line : log.split("\n")) {
                if (line.startsWith("I: Sending file: ")) {
                    current = lookup.get(
                            line.substring("I: Sending file: ".length()).trim());
                    if (current != null) {
                        byPath.put(current, NO_RESPONSE);
                    }
                } else if (current != null && line.startsWith("I: Received Store Response (")) {
                    String status = line.substring("I: Received Store Response (".length());
                    byPath.put(current, status.endsWith(")") ? status.substring(0, status.length() - 1) : status);
                    current = null;
                } else if (current != null && line.startsWith("E: ") && NO_RESPONSE.equals(byPath.get(current))) {
                    byPath.put(current, NO_RESPONSE + ": " + line.substring(3));
                }
            }
            return new StoreResult(byPath, log);
        }

        StoreResult merge(StoreResult other) {
            Map<Path, String> merged = new LinkedHashMap<>(responses);
            merged.putAll(other.responses);
            return new StoreResult(merged, log + other.log);
        }

        /** Files the peer acknowledged with Success. */
        public List<Path> acknowledged() {
            return responses.entrySet().stream()
                    .filter(e -> SUCCESS.equals(e.getValue()))
                    .map(Map.Entry::getKey)
                    .toList();
        }

        /** Files without a Success response, with what happened instead. */
        public Map<Path, String> notAcknowledged() {
            Map<Path, String> failed = new LinkedHashMap<>();
            responses.forEach((path, status) -> {
                if (!SUCCESS.equals(status)) {
                    failed.put(path, status);
                }
            });
            return failed;
        }
    }
}
