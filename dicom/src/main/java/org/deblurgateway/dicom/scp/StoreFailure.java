package org.deblurgateway.dicom.scp;

/**
 * A C-STORE that failed with a DIMSE status; the message goes to the log and the response's ErrorComment, so it says
 * what failed, not where (FailureText); the cause, paths and all, only to the log.
 */
final class StoreFailure extends Exception {

    private final int status;

    StoreFailure(int status, String message) {
        super(message);
        this.status = status;
    }

    StoreFailure(int status, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    int status() {
        return status;
    }
}
