package org.deblurgateway.gateway;

import java.util.List;
import java.util.Optional;
import org.deblurgateway.routes.Queues;

/**
 * Every queue where a message can end that no stage will take again: the forward route's own dead letters, and the
 * embedded broker's {@code DLQ.<queue>} of each work queue (a message whose step failed max-delivery-attempts times,
 * EmbeddedBroker), each with the work queue its messages go back to.
 */
public final class DeadLetterQueues {

    /** The embedded broker's dead-letter address (EmbeddedBroker), where it creates one queue per work queue. */
    private static final String BROKER_DEAD_LETTER_ADDRESS = "DLQ";

    /** Where the embedded broker puts what failed on {@code queue} too often (auto-created dead-letter resources). */
    static String brokerDeadLetter(String queue) {
        return BROKER_DEAD_LETTER_ADDRESS + "." + queue;
    }

    /**
     * The name a JMS session opens a dead-letter queue by: the broker's live on one address ({@code DLQ}), so
     * they are named fully qualified ({@code DLQ::DLQ.<queue>}); by its own name the client would try to create an
     * address of that name.
     */
    static String jmsName(String deadLetterQueue) {
        return Queues.OUTBOUND_DEAD_LETTER.equals(deadLetterQueue)
                ? deadLetterQueue
                : BROKER_DEAD_LETTER_ADDRESS + "::" + deadLetterQueue;
    }

    /** The forward route's sends that used up their attempts, then the broker's, in pipeline order. */
    public static final List<String> ALL = List.of(
            Queues.OUTBOUND_DEAD_LETTER,
            brokerDeadLetter(Queues.INGEST),
            brokerDeadLetter(Queues.OUTBOUND),
            brokerDeadLetter(Queues.DEBLUR_FRAMES),
            brokerDeadLetter(Queues.DEBLUR_RESULTS));

    /** The queues whose messages are outbound sends (one object, one destination). */
    static final List<String> OUTBOUND_SENDS = List.of(Queues.OUTBOUND_DEAD_LETTER, brokerDeadLetter(Queues.OUTBOUND));

    private DeadLetterQueues() {}

    /** The work queue a dead-letter queue's messages came from; empty for any other name. */
    public static Optional<String> origin(String deadLetterQueue) {
        if (Queues.OUTBOUND_DEAD_LETTER.equals(deadLetterQueue)) {
            return Optional.of(Queues.OUTBOUND);
        }
        return ALL.contains(deadLetterQueue)
                ? Optional.of(deadLetterQueue.substring("DLQ.".length()))
                : Optional.empty();
    }

    /** What a queue's messages are, for people. */
    public static String describe(String deadLetterQueue) {
        String origin = origin(deadLetterQueue).orElse("");
        return switch (origin) {
            case Queues.INGEST -> "received objects whose routing step kept failing";
            case Queues.OUTBOUND ->
                Queues.OUTBOUND_DEAD_LETTER.equals(deadLetterQueue)
                        ? "sends that used up their attempts"
                        : "sends whose forward step kept failing";
            case Queues.DEBLUR_FRAMES -> "frames no worker could take";
            case Queues.DEBLUR_RESULTS -> "deblurred frames the assembler kept failing on";
            default -> "";
        };
    }
}
