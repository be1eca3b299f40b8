package org.deblurgateway.routes.config;

import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;

/**
 * The process-wide keys every module reads ({@code gateway.data-dir}, {@code gateway.role}); defaults in the
 * application's application.properties.
 */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    /** Folder that holds the spool, outbound copies, jobs and the embedded broker; laid out by spool.DataDir. */
    Path dataDir();

    /** gateway (the whole pipeline) or worker (frame deblurring only, for extra worker processes). */
    ProcessRole role();
}
