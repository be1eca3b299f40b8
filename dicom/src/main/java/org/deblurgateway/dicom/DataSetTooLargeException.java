package org.deblurgateway.dicom;

import java.io.IOException;

/**
 * Thrown by a {@link DataSetLimit}ed stream once more bytes came out of it than the limit allows (an IOException, so
 * it can leave any stream method); {@link #refusal()} is what a reader reports to its caller.
 */
final class DataSetTooLargeException extends IOException {

    private final long limit;

    DataSetTooLargeException(long limit) {
        super("data set larger than the configured maximum of " + limit + " bytes");
        this.limit = limit;
    }

    ObjectTooLargeException refusal() {
        return new ObjectTooLargeException(limit);
    }
}
