package org.deblurgateway.gateway.trail;

/** Where the trail lives. */
public enum TrailDatabaseKind {
    H2,
    POSTGRESQL
}
