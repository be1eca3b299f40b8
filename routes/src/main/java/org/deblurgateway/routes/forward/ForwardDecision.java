package org.deblurgateway.routes.forward;

/** What the forward route does with an outbound message after one C-STORE attempt. */
public enum ForwardDecision {
    /** The destination holds the object (or it was delivered before a restart): consume the message. */
    DONE,
    /** Put the message back on the outbound queue, delivered again after the backoff delay. */
    RETRY,
    /** Give up: move the message to the dead-letter queue, keep the file for a re-drive. */
    DEAD_LETTER
}
