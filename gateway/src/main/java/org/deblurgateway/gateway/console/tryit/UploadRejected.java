package org.deblurgateway.gateway.console.tryit;

/** An upload the Try-it page cannot use, with the HTTP status and the words the page shows. */
public class UploadRejected extends Exception {

    private final int status;

    public UploadRejected(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
