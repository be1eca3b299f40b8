package org.deblurgateway.dicom.web;

import java.io.IOException;

/** A request body that is not a well-formed multipart body; the request is answered 400 from that point on. */
public class MultipartException extends IOException {

    public MultipartException(String message) {
        super(message);
    }
}
