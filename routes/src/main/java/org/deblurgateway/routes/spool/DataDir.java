package org.deblurgateway.routes.spool;

import java.nio.file.Path;
import org.deblurgateway.dicom.scp.Spool;

/**
 * The layout of {@code gateway.data-dir}, the one place that names its folders. Message spool paths are relative to
 * {@link #root()}. One instance per data dir (a bean in the application), so every reader of the receive spool (the
 * DICOM listener, STOW-RS) shares one {@link Spool}.
 */
public final class DataDir {

    private final Path root;
    private final Spool receiveSpool;

    public DataDir(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.receiveSpool = new Spool(this.root);
    }

    public Path root() {
        return root;
    }

    /** Received objects, {@code spool/} (its {@code tmp/} and {@code incoming/} are the receive spool's own). */
    public Spool receiveSpool() {
        return receiveSpool;
    }

    /** One folder per destination with its durable copies, {@code outbound/<destination>/}. */
    public Path outbound() {
        return root.resolve("outbound");
    }

    /** Deblur jobs, one folder each, {@code deblur/<job>/}. */
    public Path jobs() {
        return root.resolve("deblur");
    }

    /** Scratch space of the external pixel decoders, {@code tmp/decode/}. */
    public Path decodeScratch() {
        return root.resolve("tmp").resolve("decode");
    }

    /** The embedded broker's journal, bindings and paging, {@code broker/}. */
    public Path broker() {
        return root.resolve("broker");
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
