package org.deblurgateway.gateway;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deblurgateway.dicom.scp.Spool;
import org.deblurgateway.dicom.scp.SpoolFloor;
import org.deblurgateway.gateway.health.HealthConfig;
import org.deblurgateway.routes.config.GatewayConfig;

/**
 * Free space where received objects are written (the data folder: spool, outbound copies and the embedded broker's
 * journal share it unless a site mounts them apart).
 */
@ApplicationScoped
public class SpoolSpace {

    private final Path dataDir;
    private final HealthConfig health;
    private final DicomListenerConfig listener;

    public SpoolSpace(GatewayConfig process, HealthConfig health, DicomListenerConfig listener) {
        this.dataDir = process.dataDir();
        this.health = health;
        this.listener = listener;
    }

    /**
     * The floor below which each received object (C-STORE or STOW-RS part) is refused before it is written: the same
     * floor readiness reports, so both say the same thing.
     */
    public SpoolFloor floorFor(Spool spool) {
        return new SpoolFloor(spool.tmp(), health.minSpoolFree().asLongValue(), listener.spoolSpaceRefresh());
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Bytes this process may still write there; before the folder exists, those of its nearest existing parent. */
    public long usableBytes() throws IOException {
        Path dir = dataDir.toAbsolutePath();
        while (dir != null && !Files.exists(dir)) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IOException("no existing folder above " + dataDir.toAbsolutePath());
        }
        return Files.getFileStore(dir).getUsableSpace();
    }
}
