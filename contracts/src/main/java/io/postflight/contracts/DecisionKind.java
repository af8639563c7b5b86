package io.postflight.contracts;

/** What Postflight tells the CD system and on-call to do. */
public enum DecisionKind {
    /** A critical phase failed: roll the deployment back. */
    ROLLBACK,
    /** Every required phase passed on evidence: keep (promote) the deployment. */
    PROMOTE,
    /** Not enough evidence either way: a human decides. */
    HOLD
}
