package org.deblurgateway.dicom.net;

/** A-ASSOCIATE-RJ result/source/reason triples the listener sends (PS3.8 9.3.4). */
public enum AssociationRejection {
    /** Permanent, by the service user: the called AE title is none of ours. */
    CALLED_AE_NOT_RECOGNIZED(1, 1, 7),
    /** Permanent, by the service user: the calling AE title is not on the allowed list. */
    CALLING_AE_NOT_RECOGNIZED(1, 1, 3),
    /** Permanent, by the service user: an application context other than DICOM's. */
    APPLICATION_CONTEXT_NOT_SUPPORTED(1, 1, 2),
    /** Permanent, by the ACSE provider: protocol version bit 0 not set. */
    PROTOCOL_VERSION_NOT_SUPPORTED(1, 2, 2),
    /** Transient, by the presentation provider: all association slots are in use. */
    LOCAL_LIMIT_EXCEEDED(2, 3, 2),
    /** Transient, by the presentation provider: the listener is shutting down. */
    TEMPORARY_CONGESTION(2, 3, 1);

    private final int result;
    private final int source;
    private final int reason;

    AssociationRejection(int result, int source, int reason) {
        this.result = result;
        this.source = source;
        this.reason = reason;
    }

    public int result() {
        return result;
    }

    public int source() {
        return source;
    }

    public int reason() {
        return reason;
    }
}
