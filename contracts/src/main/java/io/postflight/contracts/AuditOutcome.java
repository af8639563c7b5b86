package io.postflight.contracts;

/** Whether the decision engine applied an override or refused it. */
public enum AuditOutcome {
    APPLIED,
    REFUSED
}
