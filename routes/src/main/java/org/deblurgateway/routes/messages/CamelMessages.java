package org.deblurgateway.routes.messages;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** Puts queue messages on Camel messages, for the routes that send them. */
public final class CamelMessages {

    /** Header under which Camel's JMS component gives a consumed message's JMSMessageID. */
    public static final String JMS_MESSAGE_ID = "JMSMessageID";

    private CamelMessages() {}

    /**
     * Makes {@code message} exactly {@code content}: what it carried before (the consumed message's properties,
     * JMS grouping, scheduling) stays behind.
     */
    public static void write(Message message, QueueMessage content) {
        message.getHeaders().clear();
        message.getHeaders().putAll(content.headers());
        message.setBody(content.body());
    }

    /** For a split over queue messages: turns each part, whose body is a {@link QueueMessage}, into that message. */
    public static void writeBody(Exchange exchange) {
        Message message = exchange.getMessage();
        write(message, message.getBody(QueueMessage.class));
    }
}
