package org.deblurgateway.routes;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counters of what the routes did since start, for health/metrics endpoints and tests. */
@ApplicationScoped
public class RoutingStatistics {

    private final LongAdder passed = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder alreadyProcessed = new LongAdder();
    private final LongAdder delivered = new LongAdder();
    private final LongAdder failedAttempts = new LongAdder();
    private final LongAdder deadLettered = new LongAdder();
    private final LongAdder derivedInstances = new LongAdder();
    private final LongAdder framesDeblurred = new LongAdder();
    private final Map<String, LongAdder> passedThrough = new ConcurrentHashMap<>();

    /** A deblur rule's object went through unchanged; {@code reason} is a pass-through reason code. */
    public void passedThrough(String reason) {
        passedThrough.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    public void derivedInstance() {
        derivedInstances.increment();
    }

    public void frameDeblurred() {
        framesDeblurred.increment();
    }

    /** Objects of deblur rules forwarded unchanged, per reason code (non-image-sop-class, palette-colour, ...). */
    public Map<String, Long> passedThroughCounts() {
        Map<String, Long> counts = new TreeMap<>();
        passedThrough.forEach((reason, count) -> counts.put(reason, count.sum()));
        return counts;
    }

    /** Derived instances assembled and queued for their destinations. */
    public long derivedInstanceCount() {
        return derivedInstances.sum();
    }

    /** Frames this process's workers deblurred. */
    public long framesDeblurredCount() {
        return framesDeblurred.sum();
    }

    public void passed() {
        passed.increment();
    }

    public void dropped() {
        dropped.increment();
    }

    public void alreadyProcessed() {
        alreadyProcessed.increment();
    }

    public void delivered() {
        delivered.increment();
    }

    public void failedAttempt() {
        failedAttempts.increment();
    }

    public void deadLettered() {
        deadLettered.increment();
    }

    /** Objects handed to their destinations by a pass rule. */
    public long passedCount() {
        return passed.sum();
    }

    /** Objects consumed and deleted by a drop rule. */
    public long droppedCount() {
        return dropped.sum();
    }

    /** Redelivered messages whose files were already handled before a restart. */
    public long alreadyProcessedCount() {
        return alreadyProcessed.sum();
    }

    /** Objects a destination accepted (Success or Warning). */
    public long deliveredCount() {
        return delivered.sum();
    }

    /** C-STORE attempts that failed (each retry counts). */
    public long failedAttemptCount() {
        return failedAttempts.sum();
    }

    /** Sends that gave up and went to the dead-letter queue. */
    public long deadLetteredCount() {
        return deadLettered.sum();
    }
}
