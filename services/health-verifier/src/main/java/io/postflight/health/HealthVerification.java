package io.postflight.health;

import io.postflight.contracts.VerificationStarted;
import io.postflight.judge.health.HealthTracker;

/**
 * One deployment's health phase as kept in the state store (keyed by slot): what is verified,
 * the probe tallies so far, and when the next probe round is due. Everything needed to resume
 * after a crash is here; probes in flight at the crash are simply sent again.
 *
 * @param verification the verification being run
 * @param tracker probe tallies
 * @param nextProbeAtMillis wall-clock time the next round is due
 */
public record HealthVerification(VerificationStarted verification, HealthTracker tracker, long nextProbeAtMillis) {

    public String deploymentId() {
        return verification.deployment().deploymentId();
    }

    public HealthVerification next(HealthTracker newTracker, long nextAt) {
        return new HealthVerification(verification, newTracker, nextAt);
    }
}
