package io.postflight.contracts;

/** The verification phases, in the order they run. */
public enum Phase {
    /** 0–5 min: liveness and readiness of every instance, crash loops. */
    HEALTH,
    /** 5–30 min: error rate and latency against the previous version. */
    BASELINE,
    /** Up to 24 h: memory leaks, CPU creep, disk growth. */
    DRIFT
}
