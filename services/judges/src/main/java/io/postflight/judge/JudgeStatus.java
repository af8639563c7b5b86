package io.postflight.judge;

import io.postflight.contracts.PhaseOutcome;

/** Where a judge stands after one look at the data. */
public enum JudgeStatus {
    /** Not enough evidence yet; look again when more data has arrived. */
    WATCHING,
    PASSED,
    FAILED,
    /** The phase window is over (or data cannot come) without enough evidence either way. */
    INCONCLUSIVE;

    public boolean isFinal() {
        return this != WATCHING;
    }

    /** The phase outcome for a final status. */
    public PhaseOutcome toOutcome() {
        return switch (this) {
            case PASSED -> PhaseOutcome.PASSED;
            case FAILED -> PhaseOutcome.FAILED;
            case INCONCLUSIVE -> PhaseOutcome.INCONCLUSIVE;
            case WATCHING -> throw new IllegalStateException("WATCHING is not a phase outcome");
        };
    }
}
