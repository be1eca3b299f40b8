package org.deblurgateway.routes.spool;

import java.nio.file.Path;
import org.deblurgateway.dicom.scp.Spool;

/**
 * The layout of {@code gateway.data-dir}, the one place that names its folders. Message spool paths are relative to
 * {@link #root()}.
 */
public record DataDir(Path root) {

    public DataDir {
        root = root.toAbsolutePath().normalize();
    }

    /** Received objects, {@code spool/} (its {@code tmp/} and {@code incoming/} are the receive spool's own). */
    public Spool receiveSpool() {
        return new Spool(root);
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
}
