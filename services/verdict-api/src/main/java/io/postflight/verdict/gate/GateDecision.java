package io.postflight.verdict.gate;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What a gate tells a delivery tool about the deployment it asked after. Only a verdict on that very
 * deployment is {@link #PROMOTED}, {@link #ROLLED_BACK} or {@link #ABORTED}; everything else (still
 * verifying, held, superseded, another version newest, not known yet, state loading) is
 * {@link #UNDECIDED}, which no tool's contract turns into a promotion or a rollback. An aborted
 * verification will never be decided, so asking again only delays a person: the tools halt on it.
 */
public enum GateDecision {
    PROMOTED("promoted"),
    ROLLED_BACK("rolled-back"),
    ABORTED("aborted"),
    UNDECIDED("undecided");

    private final String wire;

    GateDecision(String wire) {
        this.wire = wire;
    }

    /** As it appears in answers and in an AnalysisTemplate's conditions. */
    @JsonValue
    public String wire() {
        return wire;
    }
}
