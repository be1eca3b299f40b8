package org.deblurgateway.gateway;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;

/** Moves a queue message's properties (as the routes' message codecs see them) onto and off plain JMS messages. */
final class JmsProperties {

    private JmsProperties() {}

    static void write(Map<String, Object> properties, Message message) throws JMSException {
        for (Map.Entry<String, Object> property : properties.entrySet()) {
            message.setObjectProperty(property.getKey(), property.getValue());
        }
    }

    /** The application's properties; JMS's own (JMS*, JMSX*) and the broker's (_AMQ*) belong to that one message. */
    static Map<String, Object> read(Message message) throws JMSException {
        Map<String, Object> properties = new HashMap<>();
        @SuppressWarnings("unchecked")
        Enumeration<String> names = message.getPropertyNames();
        for (String name : Collections.list(names)) {
            if (!name.startsWith("JMS") && !name.startsWith("_AMQ")) {
                properties.put(name, message.getObjectProperty(name));
            }
        }
        return properties;
    }
}
