package org.deblurgateway.dicom.scp;

/** Announcing a received object failed (broker unreachable, commit refused); the C-STORE fails with 0xA700. */
public class IngestException extends Exception {

    public IngestException(String message, Throwable cause) {
        super(message, cause);
    }
}
