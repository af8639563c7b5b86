package io.postflight.contracts;

/** How a verification phase ended. */
public enum PhaseOutcome {
    /** The evidence shows the new version behaves well enough. */
    PASSED,
    /** The evidence shows a regression that warrants a rollback. */
    FAILED,
    /** Not enough evidence either way (no data, too little traffic, provider outage). Never a pass. */
    INCONCLUSIVE
}
