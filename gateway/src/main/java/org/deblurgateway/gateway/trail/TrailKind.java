package org.deblurgateway.gateway.trail;

/** The kinds of trail entries, as stored in the {@code kind} column. */
public final class TrailKind {

    public static final String RECEIVED = "received";
    public static final String RULE_MATCHED = "rule-matched";
    public static final String PASSED_THROUGH = "passed-through";
    public static final String FRAME_DEBLURRED = "frame-deblurred";
    public static final String FRAME_FAILED = "frame-failed";
    public static final String DERIVED_WRITTEN = "derived-written";
    public static final String FORWARD_DELIVERED = "forward-delivered";
    public static final String FORWARD_RETRY = "forward-retry";
    public static final String FORWARD_DEAD_LETTERED = "forward-dead-lettered";

    private TrailKind() {}
}
