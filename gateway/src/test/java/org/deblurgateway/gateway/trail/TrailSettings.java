package org.deblurgateway.gateway.trail;

import java.time.Duration;
import java.util.Optional;

/** A {@link ConsoleConfig} for tests that build the trail without Quarkus. */
record TrailSettings(
        TrailDatabaseKind database,
        Optional<String> jdbcUrl,
        Optional<String> username,
        Optional<String> password,
        Duration trailRetention)
        implements ConsoleConfig {

    static TrailSettings h2() {
        return new TrailSettings(
                TrailDatabaseKind.H2, Optional.empty(), Optional.empty(), Optional.empty(), Duration.ofDays(30));
    }

    @Override
    public Duration trailPruneInterval() {
        return Duration.ofHours(1);
    }

    @Override
    public int trailQueueCapacity() {
        return 100_000; // the shipped default
    }

    @Override
    public int trailBatchSize() {
        return 100;
    }

    @Override
    public Duration trailBatchDelay() {
        return Duration.ofMillis(200);
    }

    @Override
    public int studiesPageSize() {
        return 50;
    }

    @Override
    public boolean trailEnabled() {
        return true;
    }

    @Override
    public ConsoleLogin login() {
        return ConsoleLogin.FORM;
    }
}
