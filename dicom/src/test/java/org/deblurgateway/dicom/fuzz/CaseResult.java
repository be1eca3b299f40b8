package org.deblurgateway.dicom.fuzz;

/**
 * How one fuzz case ended. {@code outcome} names the answer (an exception class, a pass-through reason, a DICOM
 * status, a PDU), so the report counts answers per target.
 */
record CaseResult(Verdict verdict, String outcome, String detail) {

    /** The classes of outcome; {@link #isFailure()} says which ones fail a run. */
    enum Verdict {
        /** Taken as valid: parsed, decoded, stored (Success) or an association accepted. */
        ACCEPTED,
        /** Refused in a documented way: a checked exception of the API, a pass-through, a reject, abort, status. */
        REFUSED,
        /** Anything else escaped: an undocumented exception, an Error, an unexpected failure logged by the listener. */
        CRASH,
        /** No answer within the case's deadline. */
        HANG,
        /** The listener did not answer the C-ECHO after the last cases, or kept associations open. */
        LISTENER_DOWN;

        boolean isFailure() {
            return this == CRASH || this == HANG || this == LISTENER_DOWN;
        }
    }

    static CaseResult accepted(String outcome) {
        return new CaseResult(Verdict.ACCEPTED, outcome, "");
    }

    static CaseResult refused(String outcome) {
        return new CaseResult(Verdict.REFUSED, outcome, "");
    }

    static CaseResult crash(String outcome, String detail) {
        return new CaseResult(Verdict.CRASH, outcome, detail);
    }
}
