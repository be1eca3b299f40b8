package org.deblurgateway.routes.config;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;

/**
 * How long what no stage will finish by itself is kept ({@code gateway.retention.*}); defaults live in the
 * application's application.properties.
 */
@ConfigMapping(prefix = "gateway.retention")
public interface RetentionConfig {

    /**
     * Dead-lettered outbound sends older than this are deleted with their outbound copies: a destination that has
     * not been re-driven in this time has been given up.
     */
    Duration deadLetteredSends();

    /**
     * A deblur job still not finished this long after it was created is ended as if its network had failed: no
     * derived instance, the original forwarded when the rule did not already forward it, the folder removed later
     * like every finished job's.
     */
    Duration unfinishedJobs();

    /** How often both are applied (and once shortly after start). */
    Duration interval();
}
