package org.deblurgateway.dicom.net;

/** An A-ASSOCIATE-RJ as received (PS3.8 9.3.4): result 1 permanent, 2 transient; source and reason as sent. */
public record AssociateReject(int result, int source, int reason) {

    public boolean permanent() {
        return result == 1;
    }

    @Override
    public String toString() {
        return "A-ASSOCIATE-RJ " + (permanent() ? "rejected-permanent" : "rejected-transient") + ", source " + source
                + ", reason " + reason;
    }
}
