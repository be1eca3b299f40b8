package org.deblurgateway.routes.forward;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.deblurgateway.dicom.FailureText;
import org.deblurgateway.dicom.scu.Destination;
import org.deblurgateway.dicom.scu.StoreResult;
import org.deblurgateway.dicom.scu.StoreScu;
import org.deblurgateway.dicom.web.StowRsSender;
import org.deblurgateway.routes.Queues;
import org.deblurgateway.routes.RoutingStatistics;
import org.deblurgateway.routes.config.RoutingConfig;
import org.deblurgateway.routes.events.EventObjects;
import org.deblurgateway.routes.events.PipelineEvent;
import org.deblurgateway.routes.events.PipelineEvent.Outcome;
import org.deblurgateway.routes.events.PipelineEvents;
import org.deblurgateway.routes.messages.CamelMessages;
import org.deblurgateway.routes.messages.OutboundMessage;
import org.deblurgateway.routes.rules.ActiveRules;
import org.deblurgateway.routes.spool.OutboundSpool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes one C-STORE attempt (STOW-RS for a {@code dicomweb} destination) for an outbound message and decides what happens to the message: done (file deleted),
 * retry later (headers updated with the attempt count and the peer's status) or dead-letter (file kept).
 */
@Singleton
public class Forwarder implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(Forwarder.class);

    /** Exchange property carrying the {@link ForwardDecision} to the route's choice. */
    public static final String DECISION = "deblurGateway.forwardDecision";
    /** Artemis' scheduled delivery property: the retry message becomes visible at this epoch millisecond. */
    public static final String SCHEDULED_DELIVERY = "_AMQ_SCHED_DELIVERY";

    private final ActiveRules rules;
    private final StoreScu storeScu;
    private final StowRsSender stowSender;
    private final OutboundSpool spool;
    private final RetryPolicy retryPolicy;
    private final RoutingStatistics statistics;
    private final boolean deadLetterPermanentFailures;
    private final PipelineEvents events;

    @Inject
    public Forwarder(
            ActiveRules rules,
            StoreScu storeScu,
            StowRsSender stowSender,
            OutboundSpool spool,
            RetryPolicy retryPolicy,
            RoutingStatistics statistics,
            RoutingConfig config,
            PipelineEvents events) {
        this.events = events;
        this.rules = rules;
        this.storeScu = storeScu;
        this.stowSender = stowSender;
        this.spool = spool;
        this.retryPolicy = retryPolicy;
        this.statistics = statistics;
        this.deadLetterPermanentFailures = config.forward().deadLetterPermanentFailures();
    }

    @Override
    public void process(Exchange exchange) throws IOException {
        Message message = exchange.getMessage();
        OutboundMessage outbound = OutboundMessage.decode(message.getHeaders());
        String destinationName = outbound.destination();
        String spoolPath = outbound.spoolPath();
        int attempts = outbound.attempts() + 1;

        // The destination's name was fixed when the object was routed; its address is the one in force now, so a
        // corrected address also reaches the sends already waiting.
        Optional<Destination> destination = rules.ruleSet().destination(destinationName);
        if (destination.isEmpty()) {
            deadLetter(
                    exchange,
                    outbound.attempted(
                            attempts - 1,
                            "none",
                            "destination '" + destinationName
                                    + "' is not in the rules file (any more); fix the rules and re-drive"));
            return;
        }
        Path file;
        try {
            file = spool.resolve(spoolPath);
        } catch (IllegalArgumentException e) {
            deadLetter(exchange, outbound.attempted(attempts - 1, "none", FailureText.withoutPaths(e.getMessage())));
            return;
        }
        if (!Files.exists(file)) {
            // Delivered and deleted before a restart, the commit of this message never happened.
            LOG.warn(
                    "DGW-FWD-010 outbound object of message {} for {} is already gone: delivered before a "
                            + "restart, treating as done",
                    message.getHeader(CamelMessages.JMS_MESSAGE_ID),
                    destinationName);
            LOG.debug("missing outbound file: {}", spoolPath);
            statistics.alreadyProcessed();
            exchange.setProperty(DECISION, ForwardDecision.DONE);
            return;
        }

        Destination target = destination.get();
        long started = System.nanoTime();
        StoreResult result = target.dicomWeb()
                .map(endpoint -> stowSender.store(file, endpoint))
                .orElseGet(() -> storeScu.store(file, target));
        long millis = (System.nanoTime() - started) / 1_000_000;
        String verb = target.isDicomWeb() ? "STOW-RS" : "C-STORE";
        LOG.debug("{} of {} to {}: {}", verb, outbound.object().sopInstanceUid(), target, result);

        if (result.stored()) {
            CamelMessages.write(message, outbound.attempted(attempts, result.statusHex(), null));
            // Reported before the file goes: a crash in between leaves the file, so the redelivered message sends it
            // again (one copy per SOP Instance UID at the peer) and reports it then. The other order could lose the
            // report of a delivery that happened (a Storage Commitment would wait for max-wait and fail).
            recordAttempt(outbound, attempts, Outcome.DELIVERED, result.statusHex(), "", millis);
            spool.delete(spoolPath);
            statistics.delivered();
            LOG.info(
                    "DGW-FWD-001 {} to {} attempt {}/{}: status {} ({}) - delivered",
                    verb,
                    target,
                    attempts,
                    retryPolicy.maxAttempts(),
                    result.statusHex(),
                    result.detail());
            exchange.setProperty(DECISION, ForwardDecision.DONE);
            return;
        }

        statistics.failedAttempt();
        // The dead letter and the trail show this text: what failed, not the paths of local files (the log has them).
        String failure = result.outcome() + ": " + FailureText.withoutPaths(result.detail());
        // Written as a whole, so the retry carries no scheduled delivery time of its own delivery.
        CamelMessages.write(message, outbound.attempted(attempts, result.statusHex(), failure));
        if (retryPolicy.exhausted(attempts) || (deadLetterPermanentFailures && result.permanent())) {
            String why = retryPolicy.exhausted(attempts) ? "no attempts left" : "permanent failure";
            LOG.warn(
                    "DGW-FWD-002 {} to {} attempt {}/{}: status {} ({}: {}) - {}, moving to {}",
                    verb,
                    target,
                    attempts,
                    retryPolicy.maxAttempts(),
                    result.statusHex(),
                    result.outcome(),
                    result.detail(),
                    why,
                    Queues.OUTBOUND_DEAD_LETTER);
            statistics.deadLettered();
            recordAttempt(outbound, attempts, Outcome.DEAD_LETTERED, result.statusHex(), failure, millis);
            exchange.setProperty(DECISION, ForwardDecision.DEAD_LETTER);
            return;
        }
        Duration delay = retryPolicy.delayAfter(attempts);
        message.setHeader(SCHEDULED_DELIVERY, System.currentTimeMillis() + delay.toMillis());
        LOG.warn(
                "DGW-FWD-003 {} to {} attempt {}/{}: status {} ({}: {}) - retry in {}",
                verb,
                target,
                attempts,
                retryPolicy.maxAttempts(),
                result.statusHex(),
                result.outcome(),
                result.detail(),
                delay);
        recordAttempt(outbound, attempts, Outcome.RETRY, result.statusHex(), failure, millis);
        exchange.setProperty(DECISION, ForwardDecision.RETRY);
    }

    private void recordAttempt(
            OutboundMessage sent, int attempt, Outcome outcome, String status, String error, long millis) {
        PipelineEvent.ObjectRef object = EventObjects.of(sent.object());
        events.record(new PipelineEvent.ForwardAttempted(
                Instant.now(),
                object,
                object.sopInstanceUid(),
                sent.destination(),
                attempt,
                outcome,
                status,
                error,
                millis));
    }

    private void deadLetter(Exchange exchange, OutboundMessage dead) {
        CamelMessages.write(exchange.getMessage(), dead);
        LOG.error(
                "DGW-FWD-004 outbound message for destination '{}' cannot be sent: {}; moving to {}",
                dead.destination(),
                dead.lastError(),
                Queues.OUTBOUND_DEAD_LETTER);
        statistics.deadLettered();
        recordAttempt(dead, dead.attempts(), Outcome.DEAD_LETTERED, dead.lastStatus(), dead.lastError(), 0);
        exchange.setProperty(DECISION, ForwardDecision.DEAD_LETTER);
    }
}
