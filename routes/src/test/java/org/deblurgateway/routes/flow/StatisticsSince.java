package org.deblurgateway.routes.flow;

import java.util.Map;
import java.util.TreeMap;
import org.deblurgateway.routes.RoutingStatistics;

/**
 * The application's {@link RoutingStatistics} counted from one test's start: the flow tests of one application share
 * its counters, so each test reads what happened since its own start.
 */
public final class StatisticsSince {

    private final RoutingStatistics statistics;
    private final long passed;
    private final long dropped;
    private final long alreadyProcessed;
    private final long delivered;
    private final long failedAttempts;
    private final long deadLettered;
    private final long derivedInstances;
    private final long framesDeblurred;
    private final Map<String, Long> passedThrough;

    StatisticsSince(RoutingStatistics statistics) {
        this.statistics = statistics;
        this.passed = statistics.passedCount();
        this.dropped = statistics.droppedCount();
        this.alreadyProcessed = statistics.alreadyProcessedCount();
        this.delivered = statistics.deliveredCount();
        this.failedAttempts = statistics.failedAttemptCount();
        this.deadLettered = statistics.deadLetteredCount();
        this.derivedInstances = statistics.derivedInstanceCount();
        this.framesDeblurred = statistics.framesDeblurredCount();
        this.passedThrough = statistics.passedThroughCounts();
    }

    public long passedCount() {
        return statistics.passedCount() - passed;
    }

    public long droppedCount() {
        return statistics.droppedCount() - dropped;
    }

    public long alreadyProcessedCount() {
        return statistics.alreadyProcessedCount() - alreadyProcessed;
    }

    public long deliveredCount() {
        return statistics.deliveredCount() - delivered;
    }

    public long failedAttemptCount() {
        return statistics.failedAttemptCount() - failedAttempts;
    }

    public long deadLetteredCount() {
        return statistics.deadLetteredCount() - deadLettered;
    }

    public long derivedInstanceCount() {
        return statistics.derivedInstanceCount() - derivedInstances;
    }

    public long framesDeblurredCount() {
        return statistics.framesDeblurredCount() - framesDeblurred;
    }

    /** Pass-throughs per reason since the start; reasons with none are left out, as RoutingStatistics does. */
    public Map<String, Long> passedThroughCounts() {
        Map<String, Long> counts = new TreeMap<>();
        statistics.passedThroughCounts().forEach((reason, count) -> {
            long since = count - passedThrough.getOrDefault(reason, 0L);
            if (since > 0) {
                counts.put(reason, since);
            }
        });
        return counts;
    }
}
