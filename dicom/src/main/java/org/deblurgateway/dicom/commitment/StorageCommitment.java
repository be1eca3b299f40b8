package org.deblurgateway.dicom.commitment;

/** The Storage Commitment Push Model's UIDs, type ids and failure reasons (PS3.4 J.3, PS3.4 J.3.3.1). */
public final class StorageCommitment {

    /** Storage Commitment Push Model SOP Class. */
    public static final String SOP_CLASS_UID = "1.2.840.10008.1.20.1";
    /** Its well-known SOP Instance, the Requested / Affected SOP Instance of every message. */
    public static final String SOP_INSTANCE_UID = "1.2.840.10008.1.20.1.1";
    /** N-ACTION Action Type ID: Request Storage Commitment. */
    public static final int ACTION_REQUEST = 1;
    /** N-EVENT-REPORT Event Type ID: every referenced instance is committed. */
    public static final int EVENT_ALL_COMMITTED = 1;
    /** N-EVENT-REPORT Event Type ID: some instances failed (Failed SOP Sequence). */
    public static final int EVENT_FAILURES = 2;

    /** Failure Reason: processing failure (the general reason; here: not forwarded, dropped by a rule). */
    public static final int PROCESSING_FAILURE = 0x0110;
    /** Failure Reason: no such object instance (never received here, or longer ago than the ledger keeps). */
    public static final int NO_SUCH_OBJECT_INSTANCE = 0x0112;
    /** Failure Reason: the instance was received under another SOP Class UID. */
    public static final int CLASS_INSTANCE_CONFLICT = 0x0119;
    /** Failure Reason: the SOP Class of the reference is not a storage class we take. */
    public static final int NO_SUCH_SOP_CLASS = 0x0118;

    private StorageCommitment() {}
}
