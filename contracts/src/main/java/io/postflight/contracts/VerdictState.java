package io.postflight.contracts;

/** The latest state of a deployment's verification, as dashboards show it. */
public enum VerdictState {
    VERIFYING,
    PROMOTED,
    ROLLED_BACK,
    HELD,
    /** A newer deployment of the same service and environment replaced this one mid-verification. */
    SUPERSEDED
}
