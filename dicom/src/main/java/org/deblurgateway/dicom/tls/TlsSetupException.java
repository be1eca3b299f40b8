package org.deblurgateway.dicom.tls;

/** The TLS key or trust store cannot be used; the message says which file and why. */
public final class TlsSetupException extends RuntimeException {

    public TlsSetupException(String message, Throwable cause) {
        super(message, cause);
    }

    public TlsSetupException(String message) {
        super(message);
    }
}
