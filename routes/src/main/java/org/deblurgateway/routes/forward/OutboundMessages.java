package org.deblurgateway.routes.forward;

import java.util.Set;
import org.apache.camel.Message;
import org.deblurgateway.routes.ObjectHeaders;
import org.deblurgateway.routes.spool.OutboundSpool.OutboundCopy;

/** Turns a destination's durable copy of an object into the message the forward route consumes. */
public final class OutboundMessages {

    /** Headers that describe the object; everything else (frame results, JMS grouping, ...) stays behind. */
    private static final Set<String> OBJECT_HEADERS = Set.of(ObjectHeaders.CALLING_AE, ObjectHeaders.CALLED_AE,
            ObjectHeaders.SOP_CLASS_UID, ObjectHeaders.SOP_INSTANCE_UID, ObjectHeaders.STUDY_INSTANCE_UID,
            ObjectHeaders.SERIES_INSTANCE_UID, ObjectHeaders.TRANSFER_SYNTAX_UID, ObjectHeaders.MODALITY,
            ObjectHeaders.BODY_PART, ObjectHeaders.SERIES_DESCRIPTION, ObjectHeaders.STUDY_DESCRIPTION,
            ObjectHeaders.RECEIVED_AT, ObjectHeaders.RULE, ObjectHeaders.ACTION);

    private OutboundMessages() {
    }

    /** Rewrites {@code message} (whose body is an {@link OutboundCopy}) into a first-attempt outbound message. */
    public static void prepare(Message message) {
        OutboundCopy copy = message.getBody(OutboundCopy.class);
        message.getHeaders().keySet().removeIf(name -> !OBJECT_HEADERS.contains(name));
        message.setHeader(ObjectHeaders.DESTINATION, copy.destination());
        message.setHeader(ObjectHeaders.SPOOL_PATH, copy.spoolPath());
        message.setHeader(ObjectHeaders.ATTEMPTS, 0);
        message.setBody(copy.spoolPath());
    }
}
