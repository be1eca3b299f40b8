package org.deblurgateway.routes.messages;

import java.util.Map;

/** A message of one of the gateway's queues in its wire form: properties and body. */
public interface QueueMessage {

    /** The JMS properties (only the present ones). */
    Map<String, Object> headers();

    /** Text (a spool path) or bytes (frame samples). */
    Object body();
}
