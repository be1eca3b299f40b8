package org.deblurgateway.model.inference;

/** The network failed on a frame (native error, broken contract); the frame itself was not changed. */
public class InferenceException extends RuntimeException {

    public InferenceException(String message, Throwable cause) {
        super(message, cause);
    }
}
