package org.deblurgateway.dicom;

/** A received data set that cannot be parsed (truncated, garbage, or missing what identifies it). */
public class MalformedDataSetException extends Exception {

    public MalformedDataSetException(String message) {
        super(message);
    }

    public MalformedDataSetException(String message, Throwable cause) {
        super(message, cause);
    }
}
