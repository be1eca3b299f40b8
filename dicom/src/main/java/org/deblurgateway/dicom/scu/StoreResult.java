package org.deblurgateway.dicom.scu;

import java.util.Locale;

/**
 * Outcome of one C-STORE attempt by {@link StoreScu}: the peer's actual status when it answered, otherwise why not.
 *
 * @param outcome                 classification of the attempt
 * @param status                  the DIMSE status the peer returned, or {@link #NO_STATUS} when it never answered
 * @param detail                  the peer's status meaning, or the local error / association failure text
 * @param associationEstablished  whether an association was negotiated (false: refused, rejected, unreachable)
 * @param transferSyntaxUid       the transfer syntax the object was sent in, or null when it was not sent
 */
public record StoreResult(
        Outcome outcome, int status, String detail, boolean associationEstablished, String transferSyntaxUid) {

    /** Marker for "the peer answered no C-STORE-RSP". */
    public static final int NO_STATUS = -1;

    /** How a C-STORE attempt ended. */
    public enum Outcome {
        /** Status 0x0000. */
        SUCCESS,
        /** Status 0xB000, 0xB006 or 0xB007: stored, with a warning (coercion, elements discarded). */
        WARNING,
        /** Any other status returned by the peer (refused 0xA7xx, error 0xA9xx / 0xCxxx, ...). */
        FAILURE_STATUS,
        /** The association was made but the peer accepted no presentation context for this SOP class / syntax. */
        NO_PRESENTATION_CONTEXT,
        /** The peer answered A-ASSOCIATE-RJ with result "rejected-permanent". */
        ASSOCIATION_REJECTED_PERMANENT,
        /** The peer answered A-ASSOCIATE-RJ with result "rejected-transient". */
        ASSOCIATION_REJECTED_TRANSIENT,
        /** The peer (or network) aborted the association, or closed the connection, before a response. */
        ABORTED,
        /** TCP connection could not be made (refused, unreachable, unknown host). */
        CONNECT_FAILED,
        /** No answer within the connect or response timeout. */
        TIMEOUT,
        /** The object could not be read or encoded locally (unreadable file, no SOP Class UID, ...). */
        LOCAL_ERROR,
        /**
         * A DICOMweb server refused the request itself with an HTTP status that a retry cannot change (400, 404, 405,
         * 406, 410, 411, 413, 414, 415, 422: wrong URL, media type or size), with no per-instance Failure Reason.
         */
        HTTP_REFUSED,
        /**
         * A DICOMweb server answered an HTTP status that may pass (5xx, 401 / 403 while credentials are being fixed,
         * 408, 429, ...), with no per-instance Failure Reason.
         */
        HTTP_UNAVAILABLE
    }

    /** A peer's answer carrying a DIMSE status (C-STORE-RSP, or a STOW-RS response's Failure Reason). */
    public static StoreResult ofStatus(int status, String transferSyntaxUid) {
        Outcome outcome = switch (status) {
            case 0x0000 -> Outcome.SUCCESS;
            case 0xB000, 0xB006, 0xB007 -> Outcome.WARNING;
            default -> Outcome.FAILURE_STATUS;
        };
        return new StoreResult(outcome, status, describeStatus(status), true, transferSyntaxUid);
    }

    /** An attempt that ended without a status from the peer. */
    public static StoreResult failure(Outcome outcome, String detail, boolean associationEstablished) {
        return new StoreResult(outcome, NO_STATUS, detail, associationEstablished, null);
    }

    /** True when the peer holds the object (Success or one of the Warning statuses). */
    public boolean stored() {
        return outcome == Outcome.SUCCESS || outcome == Outcome.WARNING;
    }

    /** True when the peer answered a C-STORE-RSP. */
    public boolean hasStatus() {
        return status != NO_STATUS;
    }

    /** The status as 4 upper-case hex digits ("A700"), or "none" when the peer answered no C-STORE-RSP. */
    public String statusHex() {
        return hasStatus() ? String.format(Locale.ROOT, "%04X", status) : "none";
    }

    /**
     * True when sending the same object to the same peer again cannot succeed without someone changing the object or
     * the peer's configuration: no presentation context, 0xA9xx (data set does not match SOP class), 0x0122 (SOP class
     * not supported), an unreadable local file, or a DICOMweb request refused as such (HTTP_REFUSED). Association
     * rejections are NOT counted as permanent here: they are
     * peer-wide, usually configuration being fixed, and retrying them is cheap.
     */
    public boolean permanent() {
        return switch (outcome) {
            case NO_PRESENTATION_CONTEXT, LOCAL_ERROR, HTTP_REFUSED -> true;
            case FAILURE_STATUS -> (status & 0xFF00) == 0xA900 || status == 0x0122;
            default -> false;
        };
    }

    /** Meaning of a C-STORE status code (PS3.4 B.2.3 and PS3.7 C.4). */
    static String describeStatus(int status) {
        if (status == 0x0000) {
            return "Success";
        }
        if (status == 0xB000) {
            return "Warning: coercion of data elements";
        }
        if (status == 0xB006) {
            return "Warning: elements discarded";
        }
        if (status == 0xB007) {
            return "Warning: data set does not match SOP class";
        }
        if ((status & 0xFF00) == 0xA700) {
            return "Refused: out of resources";
        }
        if ((status & 0xFF00) == 0xA900) {
            return "Error: data set does not match SOP class";
        }
        if ((status & 0xF000) == 0xC000) {
            return "Error: cannot understand";
        }
        return switch (status) {
            case 0x0122 -> "Refused: SOP class not supported";
            case 0x0124 -> "Refused: not authorized";
            case 0x0110 -> "Processing failure";
            case 0x0111 -> "Duplicate SOP instance";
            case 0x0117 -> "Invalid object instance";
            case 0x0211 -> "Unrecognized operation";
            case 0x0212 -> "Mistyped argument";
            case 0xFE00 -> "Cancel";
            default -> "Failure";
        };
    }
}
