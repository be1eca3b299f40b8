package org.deblurgateway.gateway.commitment;

/**
 * Where one referenced instance stands for a commitment request.
 *
 * @param failureReason the Failure Reason when {@link State#FAILED}
 * @param why           words for the log (no patient data: UIDs, rule and destination names only)
 */
record Verdict(State state, int failureReason, String why) {

    enum State {
        COMMITTED,
        FAILED,
        PENDING
    }

    static final Verdict COMMITTED = new Verdict(State.COMMITTED, 0, "");

    static Verdict pending(String why) {
        return new Verdict(State.PENDING, 0, why);
    }

    static Verdict failed(int reason, String why) {
        return new Verdict(State.FAILED, reason, why);
    }
}
