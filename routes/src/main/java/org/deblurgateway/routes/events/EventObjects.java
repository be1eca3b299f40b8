package org.deblurgateway.routes.events;

import org.deblurgateway.routes.messages.ObjectDescription;

/** The {@link PipelineEvent.ObjectRef} of an object as its decoded queue message describes it (absent UIDs become ""). */
public final class EventObjects {

    private EventObjects() {}

    /** The object a queue message describes. */
    public static PipelineEvent.ObjectRef of(ObjectDescription object) {
        return new PipelineEvent.ObjectRef(
                orEmpty(object.studyInstanceUid()),
                orEmpty(object.seriesInstanceUid()),
                orEmpty(object.sopInstanceUid()));
    }

    /** An object known by its SOP Instance UID only (e.g. the source of a deblur job); the trail fills in the rest. */
    public static PipelineEvent.ObjectRef bySopInstanceUid(String sopInstanceUid) {
        return new PipelineEvent.ObjectRef("", "", sopInstanceUid == null ? "" : sopInstanceUid);
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
