package org.deblurgateway.gateway.metrics;

import java.util.List;
import java.util.stream.Stream;
import org.deblurgateway.routes.Queues;

/** The queues whose depth is exported: the stages' work queues and every dead-letter queue they can fill. */
final class MonitoredQueues {

    static final List<String> WORK =
            List.of(Queues.INGEST, Queues.OUTBOUND, Queues.DEBLUR_FRAMES, Queues.DEBLUR_RESULTS);

    /**
     * The forward route's own dead letters, and the broker's DLQ.&lt;queue&gt; (EmbeddedBroker: a message that failed
     * max-delivery-attempts times) of each work queue.
     */
    static final List<String> DEAD_LETTER = Stream.concat(
                    Stream.of(Queues.OUTBOUND_DEAD_LETTER), WORK.stream().map(queue -> "DLQ." + queue))
            .toList();

    static final List<String> ALL =
            Stream.concat(WORK.stream(), DEAD_LETTER.stream()).toList();

    private MonitoredQueues() {}
}
