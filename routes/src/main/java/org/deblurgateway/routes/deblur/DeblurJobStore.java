package org.deblurgateway.routes.deblur;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.deblurgateway.dicom.files.DurableFiles;
import org.deblurgateway.dicom.pixels.FrameSupplier;
import org.deblurgateway.model.image.Frame;
import org.deblurgateway.routes.messages.FrameResult;
import org.deblurgateway.routes.spool.DataDir;

/**
 * Durable state of deblur jobs, one folder per job under {@code <data-dir>/deblur/<job>/}: the source object (a hard
 * link to the received file), {@code job.properties}, one file per returned frame under {@code frames/}, and after
 * assembly only {@code assembled.properties} (which outbound copies the derived instance got). Every file appears
 * under its final name atomically and synced, so a kill -9 leaves either the old or the new state.
 */
public final class DeblurJobStore {

    private static final String SOURCE = "source.dcm";
    private static final String MANIFEST = "job.properties";
    private static final String ASSEMBLED = "assembled.properties";
    private static final String FRAMES = "frames";
    private static final String DERIVED = "derived";
    private static final String ORIGINAL = "original";
    /** Frame files: this magic, the result message's properties (a properties text, its length first), its body. */
    private static final int FRAME_FILE_MAGIC = 0x44475232; // "DGR2"
    /** Job ids are derived UIDs: digits and dots only, so they are safe folder names. */
    private static final Pattern JOB_ID = Pattern.compile("[0-9][0-9.]{0,63}");

    private final Path root;

    public DeblurJobStore(DataDir layout) {
        this.root = layout.jobs();
    }

    public Path dir(String job) {
        if (job == null || !JOB_ID.matcher(job).matches()) {
            throw new IllegalArgumentException("not a deblur job id: '" + job + "'");
        }
        return root.resolve(job);
    }

    public boolean exists(String job) {
        return Files.isRegularFile(dir(job).resolve(MANIFEST));
    }

    public Path source(String job) {
        return dir(job).resolve(SOURCE);
    }

    public boolean hasSource(String job) {
        return exists(job) && Files.isRegularFile(source(job));
    }

    /** Folder in which the assembler writes the derived instance. */
    public Path derivedDir(String job) throws IOException {
        return Files.createDirectories(dir(job).resolve(DERIVED));
    }

    /** Creates (or, after a crash, completes) a job: the source linked in, then the manifest. Idempotent. */
    public void create(JobManifest manifest, Path receivedFile) throws IOException {
        Path dir = Files.createDirectories(dir(manifest.job()));
        // The same object received again after its job was assembled: a new job, assembled and forwarded again
        // (same derived UIDs, so the PACS keeps one copy).
        Files.deleteIfExists(dir.resolve(ASSEMBLED));
        Files.createDirectories(dir.resolve(FRAMES));
        DurableFiles.placeLink(receivedFile, dir.resolve(SOURCE));
        writeProperties(dir.resolve(MANIFEST), manifest.toProperties());
        DurableFiles.syncFolder(root);
    }

    public JobManifest manifest(String job) throws IOException {
        return JobManifest.fromProperties(readProperties(dir(job).resolve(MANIFEST)));
    }

    /**
     * Stores a returned frame under its index (a repeated result replaces the same file), in the result message's
     * own form: its properties, then its body.
     */
    public void storeResult(String job, FrameResult result) throws IOException {
        Path frames = Files.createDirectories(dir(job).resolve(FRAMES));
        Path target = frames.resolve(frameFileName(result.index()));
        Path temp = frames.resolve("." + target.getFileName() + ".part");
        Properties headers = new Properties();
        result.headers().forEach((name, value) -> headers.setProperty(name, value.toString()));
        ByteArrayOutputStream headerBytes = new ByteArrayOutputStream();
        headers.store(headerBytes, null);
        try (OutputStream file = Files.newOutputStream(temp);
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(file, 1 << 16))) {
            out.writeInt(FRAME_FILE_MAGIC);
            out.writeInt(headerBytes.size());
            headerBytes.writeTo(out);
            out.write(result.body());
        }
        DurableFiles.moveIntoPlace(temp, target);
    }

    /** Indexes of the frames returned so far. */
    public int resultCount(String job) throws IOException {
        Path frames = dir(job).resolve(FRAMES);
        if (!Files.isDirectory(frames)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(frames)) {
            return (int) files.filter(f -> f.getFileName().toString().endsWith(".frame"))
                    .count();
        }
    }

    /** What the workers measured per frame (the samples are not read). */
    public List<FrameResult> resultSummaries(String job, int frameCount) throws IOException {
        List<FrameResult> summaries = new ArrayList<>();
        for (int i = 0; i < frameCount; i++) {
            summaries.add(readFrameFile(job, i, false));
        }
        return summaries;
    }

    /** The returned frames, read one at a time as the writer asks for them. */
    public FrameSupplier results(String job, int frameCount) {
        return new FrameSupplier() {
            @Override
            public int frameCount() {
                return frameCount;
            }

            @Override
            public Frame frame(int index) throws IOException {
                return ((FrameResult.Deblurred) readFrameFile(job, index, true).outcome()).frame();
            }
        };
    }

    /**
     * The job is finished: its derived instance was written and given to these outbound spool paths, or (when
     * {@code failedFrame} is set) the network failed on that frame and these are the original's copies.
     */
    public record Assembled(String derivedSopInstanceUid, List<String> outboundSpoolPaths, OptionalInt failedFrame) {}

    public Optional<Assembled> assembled(String job) throws IOException {
        Path marker = dir(job).resolve(ASSEMBLED);
        if (!Files.isRegularFile(marker)) {
            return Optional.empty();
        }
        Properties p = readProperties(marker);
        String paths = p.getProperty("outbound", "");
        String failed = p.getProperty("failedFrame");
        return Optional.of(new Assembled(
                p.getProperty("derivedSopInstanceUid"),
                paths.isEmpty() ? List.of() : Arrays.asList(paths.split("\n")),
                failed == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(failed))));
    }

    /**
     * Records that the derived instance exists and has its outbound copies, then drops the frames, the source link
     * and the derived file (the outbound copies are links to the same data). The marker stays so a redelivered
     * result finds the copies again instead of re-assembling.
     */
    public void markAssembled(String job, Assembled assembled) throws IOException {
        recordAssembled(job, assembled);
        releaseFiles(job);
    }

    /**
     * The first half of {@link #markAssembled}: the marker, durable on return (written, fsynced and renamed into
     * place), while the job's files are still there. From here on a redelivered result re-queues these copies
     * instead of writing the derived instance again.
     */
    public void recordAssembled(String job, Assembled assembled) throws IOException {
        Properties p = new Properties();
        p.setProperty("derivedSopInstanceUid", assembled.derivedSopInstanceUid());
        p.setProperty("outbound", String.join("\n", assembled.outboundSpoolPaths()));
        assembled.failedFrame().ifPresent(frame -> p.setProperty("failedFrame", Integer.toString(frame)));
        writeProperties(dir(job).resolve(ASSEMBLED), p);
    }

    /** The second half of {@link #markAssembled}: drops the frames, the source link and the derived file. */
    public void releaseFiles(String job) throws IOException {
        Path dir = dir(job);
        deleteTree(dir.resolve(FRAMES));
        deleteTree(dir.resolve(DERIVED));
        deleteTree(dir.resolve(ORIGINAL));
        Files.deleteIfExists(dir.resolve(SOURCE));
    }

    /**
     * The job's source under its received file name ({@code original/<name>}), so it can be fanned out to the
     * destinations like a received object when the network failed on it.
     */
    public Path originalForForwarding(String job, String fileName) throws IOException {
        Path folder = Files.createDirectories(dir(job).resolve(ORIGINAL));
        Path target = folder.resolve(Path.of(fileName).getFileName());
        DurableFiles.placeLink(source(job), target);
        return target;
    }

    /**
     * Removes folders of jobs finished longer than {@code retention} ago; their marker only serves a result
     * redelivered after a crash, which the broker does within minutes. Returns how many were removed.
     */
    public int removeFinishedBefore(Instant cutoff) throws IOException {
        if (!Files.isDirectory(root)) {
            return 0;
        }
        int removed = 0;
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : (Iterable<Path>) dirs::iterator) {
                Path marker = dir.resolve(ASSEMBLED);
                if (Files.isRegularFile(marker)
                        && Files.getLastModifiedTime(marker).toInstant().isBefore(cutoff)) {
                    deleteTree(dir);
                    removed++;
                }
            }
        }
        return removed;
    }

    /**
     * Jobs created before {@code cutoff} that never finished (no result or failure ended them: a frame message
     * deleted from a dead-letter queue, a worker pool that never came): oldest first. A folder whose manifest
     * cannot be read is skipped (left for an operator).
     */
    public List<JobManifest> unfinishedBefore(Instant cutoff) throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<JobManifest> stale = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : (Iterable<Path>) dirs::iterator) {
                if (!Files.isRegularFile(dir.resolve(MANIFEST)) || Files.exists(dir.resolve(ASSEMBLED))) {
                    continue;
                }
                try {
                    JobManifest manifest = JobManifest.fromProperties(readProperties(dir.resolve(MANIFEST)));
                    if (manifest.createdAt() < cutoff.toEpochMilli()) {
                        stale.add(manifest);
                    }
                } catch (IOException | RuntimeException e) {
                    continue; // not a job this store wrote: an operator's to look at, never removed unread
                }
            }
        }
        stale.sort(Comparator.comparingLong(JobManifest::createdAt));
        return stale;
    }

    private FrameResult readFrameFile(String job, int index, boolean withSamples) throws IOException {
        Path file = dir(job).resolve(FRAMES).resolve(frameFileName(index));
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
                DataInputStream data = new DataInputStream(in)) {
            if (data.readInt() != FRAME_FILE_MAGIC) {
                throw new IOException("not a frame result file: " + file);
            }
            byte[] headerBytes = new byte[data.readInt()];
            data.readFully(headerBytes);
            Properties headers = new Properties();
            headers.load(new ByteArrayInputStream(headerBytes));
            Map<String, String> values = new HashMap<>();
            headers.stringPropertyNames().forEach(name -> values.put(name, headers.getProperty(name)));
            try {
                return FrameResult.decode(values, withSamples ? data.readAllBytes() : null);
            } catch (IllegalArgumentException e) {
                throw new IOException("unreadable frame result file " + file + ": " + e.getMessage(), e);
            }
        }
    }

    private static String frameFileName(int index) {
        return String.format("%06d.frame", index);
    }

    private static void writeProperties(Path target, Properties properties) throws IOException {
        Path temp = target.resolveSibling("." + target.getFileName() + ".part");
        try (OutputStream out = Files.newOutputStream(temp)) {
            properties.store(out, null);
        }
        DurableFiles.moveIntoPlace(temp, target);
    }

    private static Properties readProperties(Path file) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        }
        return p;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
