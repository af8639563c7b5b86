package io.postflight.verdict.rollback;

/** Where a rollback stands. */
public enum RollbackState {
    /** A later deployment of the slot was promoted after the ROLLBACK decision: the slot is healthy again. */
    COMPLETED,
    /** The version rolled back to was announced and is being verified. */
    VERIFYING,
    /** The version rolled back to was announced, and its own verification rolled it back or held it. */
    FAILED,
    /** Nothing announced since the decision: the CD system has not rolled back (or not said so). */
    WAITING
}
