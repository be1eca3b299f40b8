package org.deblurgateway.routes.flow;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.util.Map;
import org.deblurgateway.routes.Queues;
import org.deblurgateway.routes.messages.ObjectHeaders;

/** What the route flow tests do around the routes besides the dcmtk peers: announce spooled objects. */
final class FlowPeers {

    private FlowPeers() {}

    /** The ingest message the listener publishes for a spooled object: its path plus the given headers. */
    static void sendIngest(Connection connection, String spoolPath, Map<String, String> headers) throws Exception {
        try (Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            MessageProducer producer = session.createProducer(session.createQueue(Queues.INGEST));
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            TextMessage message = session.createTextMessage(spoolPath);
            message.setStringProperty(ObjectHeaders.SPOOL_PATH, spoolPath);
            message.setStringProperty(ObjectHeaders.CALLING_AE, "MODALITY");
            message.setStringProperty(ObjectHeaders.CALLED_AE, "DEBLUR");
            for (Map.Entry<String, String> header : headers.entrySet()) {
                message.setStringProperty(header.getKey(), header.getValue());
            }
            producer.send(message);
        }
    }
}
