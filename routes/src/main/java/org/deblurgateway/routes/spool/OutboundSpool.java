package org.deblurgateway.routes.spool;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.deblurgateway.dicom.files.DurableFiles;

/**
 * The object files below {@code gateway.data-dir}: resolves message spool paths safely and gives each destination
 * its own durable copy (a hard link) under {@code outbound/<destination>/}, so every destination can finish at its
 * own pace and the ingest file can go. A copy's name carries its {@link PlacementToken}: every placement has its own
 * file, so deleting a delivered copy by its spool path deletes exactly the file that message placed.
 */
public final class OutboundSpool {

    private final Path dataDir;
    private final Path outbound;

    public OutboundSpool(DataDir layout) {
        this.dataDir = layout.root();
        this.outbound = layout.outbound();
    }

    /** The spool path of a file below the data dir, as messages carry it. */
    public String spoolPathOf(Path file) {
        return dataDir.relativize(file.toAbsolutePath().normalize()).toString();
    }

    /**
     * The file a message's spool path names.
     *
     * @throws IllegalArgumentException when the path is empty, absolute or leads outside the data dir
     */
    public Path resolve(String spoolPath) {
        if (spoolPath == null || spoolPath.isBlank()) {
            throw new IllegalArgumentException("message has no spool path");
        }
        Path relative = Path.of(spoolPath);
        Path file = dataDir.resolve(relative).normalize();
        if (relative.isAbsolute() || !file.startsWith(dataDir) || file.equals(dataDir)) {
            throw new IllegalArgumentException("spool path '" + spoolPath + "' is outside the data dir " + dataDir);
        }
        return file;
    }

    /** A destination's copy of an object: its spool path and whether the file is there. */
    public record OutboundCopy(String destination, String spoolPath, boolean present) {}

    /**
     * Makes the object at {@code ingestSpoolPath} available to each destination as
     * {@code outbound/<destination>/<stem>.<token>.dcm}: a hard link (a copy where links are not possible) made under
     * a temp name, renamed atomically into place and the folder synced. Idempotent per placement: run again with the
     * same token after a crash it reuses or replaces the same names; another token (a re-send of the same instance)
     * gets names of its own and leaves earlier copies alone. When the ingest file is already gone, existing copies
     * are reported as present and missing ones as absent.
     */
    public List<OutboundCopy> fanOut(String ingestSpoolPath, List<String> destinations, PlacementToken placement)
            throws IOException {
        Path ingest = resolve(ingestSpoolPath);
        String fileName = placement.fileNameFor(ingest.getFileName().toString());
        boolean ingestPresent = Files.exists(ingest);
        List<OutboundCopy> copies = new ArrayList<>();
        for (String destination : destinations) {
            Path folder = outbound.resolve(destination);
            Path target = folder.resolve(fileName);
            String spoolPath = dataDir.relativize(target).toString();
            if (ingestPresent) {
                Files.createDirectories(folder);
                DurableFiles.placeLink(ingest, target);
                copies.add(new OutboundCopy(destination, spoolPath, true));
            } else {
                copies.add(new OutboundCopy(destination, spoolPath, Files.exists(target)));
            }
        }
        return copies;
    }

    /**
     * The destination copy a spool path of {@link #fanOut} names ({@code outbound/<destination>/<file>}), present
     * when its file is still there.
     *
     * @throws IllegalArgumentException when the path is not an outbound copy's
     */
    public OutboundCopy copyAt(String spoolPath) {
        Path file = resolve(spoolPath);
        Path folder = file.getParent();
        if (folder == null || folder.getParent() == null || !folder.getParent().equals(outbound)) {
            throw new IllegalArgumentException("spool path '" + spoolPath + "' is not an outbound copy");
        }
        return new OutboundCopy(folder.getFileName().toString(), spoolPath, Files.exists(file));
    }

    /** Deletes the file a spool path names; true when it existed. */
    public boolean delete(String spoolPath) throws IOException {
        return Files.deleteIfExists(resolve(spoolPath));
    }
}
