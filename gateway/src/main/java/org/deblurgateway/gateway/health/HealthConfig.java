package org.deblurgateway.gateway.health;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;

/** Readiness limits ({@code gateway.health.*}); defaults in application.properties. */
@ConfigMapping(prefix = "gateway.health")
public interface HealthConfig {

    /**
     * Readiness goes DOWN when the data folder's file system has less free space than this (e.g. 1G, 500M): the
     * gateway then still answers, but an object it accepts may not fit, so a balancer should send modalities elsewhere.
     */
    MemorySize minSpoolFree();

    /** Load the models that deblur rules name when the gateway starts, and report a failure on readiness. */
    boolean loadRuleModels();
}
