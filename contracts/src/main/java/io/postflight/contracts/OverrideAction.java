package io.postflight.contracts;

/** What an operator tells Postflight to do with one deployment's verification, over its own judgement. */
public enum OverrideAction {
    /** Publish PROMOTE now (from in progress or HOLD). */
    PROMOTE,
    /** Publish ROLLBACK now (from in progress, HOLD, or after promotion: then marked post-promotion). */
    ROLLBACK,
    /** Release a HOLD to PROMOTE or ROLLBACK ({@link OverrideCommand#releaseTo()}); only from HOLD. */
    RELEASE_HOLD,
    /** Let a running phase go on longer ({@link OverrideCommand#phase()}, by {@link OverrideCommand#extendBy()}). */
    EXTEND,
    /** Stop the verification without a decision: verifiers stop looking, the verdict becomes ABORTED. */
    ABORT
}
