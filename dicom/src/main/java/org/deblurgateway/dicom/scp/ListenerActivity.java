package org.deblurgateway.dicom.scp;

import org.deblurgateway.dicom.net.AssociationRejection;

/**
 * What the listener tells whoever counts its work (the gateway's metrics): associations accepted and rejected, and
 * each C-STORE's answer with the time from its command to its response. Called on the association's thread, so an
 * implementation only counts; it must not block or throw.
 */
public interface ListenerActivity {

    /** Counts nothing: listeners built without an observer. */
    ListenerActivity NONE = new ListenerActivity() {};

    /** An A-ASSOCIATE-AC went out. */
    default void associationAccepted() {}

    /** An A-ASSOCIATE-RJ went out, for {@code reason}. */
    default void associationRejected(AssociationRejection reason) {}

    /**
     * A C-STORE-RSP went out with {@code status}, {@code nanos} after its C-STORE-RQ command arrived (the data set's
     * transfer, the fsync and the broker commit included).
     */
    default void storeAnswered(int status, long nanos) {}

    /** Success, warning or failure, as PS3.7 Annex C groups DIMSE statuses. */
    static String statusClass(int status) {
        if (status == DicomStatus.SUCCESS) {
            return "success";
        }
        if (status == 0x0001 || (status & 0xF000) == 0xB000) {
            return "warning";
        }
        return "failure";
    }
}
