package io.postflight.contracts;

/** What a deployment's policy does when a phase before any decision is INCONCLUSIVE. */
public enum InconclusiveAction {
    /** A human decides: no evidence is never a pass. The default. */
    HOLD,
    /**
     * An explicit opt-in for low-traffic services: an INCONCLUSIVE baseline does not stop a
     * PROMOTE when HEALTH passed and every other phase before drift passed. Any other INCONCLUSIVE
     * phase still leads to a HOLD, and the decision names the opt-in.
     */
    PROMOTE_ON_HEALTH
}
