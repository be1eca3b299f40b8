package org.deblurgateway.routes.config;

import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Configuration of routing and forwarding: which rules apply, how sends are retried (the data dir and the role are
 * {@link GatewayConfig}'s). Defaults live in the application's application.properties.
 */
@ConfigMapping(prefix = "gateway")
public interface RoutingConfig {

    /** YAML file with destinations and routing rules, validated at start (see conf/rules.yaml). */
    Path rulesFile();

    /** Ingest (rules step) settings. */
    Ingest ingest();

    /** C-STORE forwarding settings. */
    Forward forward();

    /** Ingest (rules step) settings. */
    interface Ingest {
        /** Threads that take received objects off the ingest queue and apply the rules. */
        int concurrentConsumers();
    }

    /** C-STORE forwarding settings. */
    interface Forward {
        /** C-STORE attempts per (object, destination) before the message goes to the dead-letter queue. */
        int maxAttempts();

        /** Wait before the second attempt; later waits grow by the backoff multiplier. */
        Duration initialDelay();

        /** Factor by which the wait grows after each failed attempt. */
        double backoffMultiplier();

        /** Upper bound of the wait between two attempts. */
        Duration maxDelay();

        /** Parallel C-STORE senders (JMS consumers of the outbound queue). */
        int concurrentConsumers();

        /** Our AE title on outgoing associations, unless a destination names its own. */
        String callingAeTitle();

        /** Limit for the TCP connect plus the peer's A-ASSOCIATE answer. */
        Duration connectTimeout();

        /**
         * Limit for each wait on the peer once associated: its C-STORE-RSP and A-RELEASE-RP, and progress while it
         * reads the data set (a peer that stops reading is cut off after this long without progress).
         */
        Duration responseTimeout();

        /**
         * How long an association to a destination stays open with no object to send before it is released
         * (A-RELEASE); objects meanwhile go on it instead of on an association each. Zero: one association per object.
         */
        Duration associationIdleTimeout();

        /**
         * Send failures that cannot succeed on retry (no presentation context, status 0xA9xx or 0x0122, unreadable
         * file) straight to the dead-letter queue instead of using up the attempts.
         */
        boolean deadLetterPermanentFailures();
    }
}
