package io.postflight.contracts;

/** The latest state of a deployment's verification, as dashboards show it. */
public enum VerdictState {
    VERIFYING,
    PROMOTED,
    ROLLED_BACK,
    /** Not enough evidence either way. Since verdict/2 not always final: an operator may release it. */
    HELD,
    /** A newer deployment of the same service and environment replaced this one mid-verification. */
    SUPERSEDED,
    /** An operator aborted the verification (verdict/2): no phase looks further, no decision follows. */
    ABORTED
}
