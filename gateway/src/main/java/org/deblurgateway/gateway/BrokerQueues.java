package org.deblurgateway.gateway;

import java.util.List;
import java.util.stream.Stream;
import org.deblurgateway.routes.Queues;

/**
 * The queues an operator watches, in pipeline order, each with what it holds: the stages' work queues, then the
 * dead-letter queues they can fill ({@link DeadLetterQueues}). The Overview page and the metrics read this list.
 */
public final class BrokerQueues {

    public static final List<String> WORK =
            List.of(Queues.INGEST, Queues.OUTBOUND, Queues.DEBLUR_FRAMES, Queues.DEBLUR_RESULTS);

    public static final List<String> DEAD_LETTER = DeadLetterQueues.ALL;

    public static final List<String> ALL =
            Stream.concat(WORK.stream(), DEAD_LETTER.stream()).toList();

    private BrokerQueues() {}

    /** What a queue's messages are, for people; empty for a queue not in {@link #ALL}. */
    public static String holds(String queue) {
        return switch (queue) {
            case Queues.INGEST -> "received objects waiting for the rules";
            case Queues.OUTBOUND -> "sends to destinations (with retries)";
            case Queues.DEBLUR_FRAMES -> "frames waiting for a worker";
            case Queues.DEBLUR_RESULTS -> "deblurred frames waiting for assembly";
            default -> DeadLetterQueues.describe(queue);
        };
    }
}
