package org.deblurgateway.gateway.trail;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;
import java.util.Optional;

/** {@code gateway.console.*}: the operations console and its trail database (defaults in application.properties). */
@ConfigMapping(prefix = "gateway.console")
public interface ConsoleConfig {

    /** h2 (embedded file database under the data directory, zero setup) or postgresql (needs jdbc-url). */
    TrailDatabaseKind database();

    /** JDBC URL of the trail database; for h2 the default is a file under {@code <data-dir>/console/}. */
    Optional<String> jdbcUrl();

    Optional<String> username();

    Optional<String> password();

    /**
     * Keep the trail. false records nothing (the Studies page stays empty); for measuring what the trail costs
     * (bench/console.sh), not for sites.
     */
    boolean trailEnabled();

    /** Trail entries older than this are deleted. */
    Duration trailRetention();

    /** How often the retention is applied. */
    Duration trailPruneInterval();

    /** Events waiting to be written; when full, new events are counted and dropped (objects are never held up). */
    int trailQueueCapacity();

    /** Most events written in one transaction. */
    int trailBatchSize();

    /**
     * How long the writer gathers events after the first before it writes them, so a busy pipeline's events share
     * a transaction (one per object costs the pipeline's CPU); also the most a crash can lose of the trail.
     */
    Duration trailBatchDelay();

    /** Studies listed on the Studies page. */
    int studiesPageSize();

    /**
     * form (users of the configuration) or code (an OpenID Connect provider, quarkus.oidc.*; the console's path
     * permission follows this key).
     */
    ConsoleLogin login();
}
