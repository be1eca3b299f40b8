package org.deblurgateway.dicom;

/**
 * A received data set is larger than {@link DataSetLimit} allows (as sent, or once inflated): refused for lack of
 * resources, not for bad data.
 */
public final class ObjectTooLargeException extends MalformedDataSetException {

    private final long limit;

    public ObjectTooLargeException(long limit) {
        super("data set larger than the configured maximum of " + limit + " bytes (gateway.dicom.max-object-size)");
        this.limit = limit;
    }

    /** The maximum that was exceeded, in bytes. */
    public long limit() {
        return limit;
    }
}
