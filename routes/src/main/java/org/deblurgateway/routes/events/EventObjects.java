package org.deblurgateway.routes.events;

import java.util.Map;
import org.deblurgateway.routes.messages.ObjectDescription;
import org.deblurgateway.routes.messages.ObjectHeaders;

/** The {@link PipelineEvent.ObjectRef} of an object as its queue message names it (absent UIDs become ""). */
public final class EventObjects {

    private EventObjects() {
    }

    public static PipelineEvent.ObjectRef fromHeaders(Map<String, Object> headers) {
        return new PipelineEvent.ObjectRef(text(headers, ObjectHeaders.STUDY_INSTANCE_UID),
                text(headers, ObjectHeaders.SERIES_INSTANCE_UID), text(headers, ObjectHeaders.SOP_INSTANCE_UID));
    }

    /** The object a queue message describes. */
    public static PipelineEvent.ObjectRef of(ObjectDescription object) {
        return new PipelineEvent.ObjectRef(orEmpty(object.studyInstanceUid()), orEmpty(object.seriesInstanceUid()),
                orEmpty(object.sopInstanceUid()));
    }

    /** An object known by its SOP Instance UID only (e.g. the source of a deblur job); the trail fills in the rest. */
    public static PipelineEvent.ObjectRef bySopInstanceUid(String sopInstanceUid) {
        return new PipelineEvent.ObjectRef("", "", sopInstanceUid == null ? "" : sopInstanceUid);
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    private static String text(Map<String, Object> headers, String name) {
        Object value = headers.get(name);
        return value == null ? "" : value.toString();
    }
}
