package org.deblurgateway.routes.events;

import java.util.Map;
import org.deblurgateway.routes.ObjectHeaders;

/** The {@link PipelineEvent.ObjectRef} of an object as its queue message names it (absent UIDs become ""). */
public final class EventObjects {

    private EventObjects() {
    }

    public static PipelineEvent.ObjectRef fromHeaders(Map<String, Object> headers) {
        return new PipelineEvent.ObjectRef(text(headers, ObjectHeaders.STUDY_INSTANCE_UID),
                text(headers, ObjectHeaders.SERIES_INSTANCE_UID), text(headers, ObjectHeaders.SOP_INSTANCE_UID));
    }

    /** An object known by its SOP Instance UID only (e.g. the source of a deblur job); the trail fills in the rest. */
    public static PipelineEvent.ObjectRef bySopInstanceUid(String sopInstanceUid) {
        return new PipelineEvent.ObjectRef("", "", sopInstanceUid == null ? "" : sopInstanceUid);
    }

    private static String text(Map<String, Object> headers, String name) {
        Object value = headers.get(name);
        return value == null ? "" : value.toString();
    }
}
