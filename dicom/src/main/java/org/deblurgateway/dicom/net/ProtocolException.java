package org.deblurgateway.dicom.net;

/** The peer broke the DICOM upper layer protocol (bad PDU, wrong order, oversized PDU); the association is aborted. */
public class ProtocolException extends Exception {

    public ProtocolException(String message) {
        super(message);
    }
}
