package io.postflight.health;

import io.postflight.contracts.VerificationStarted;
import io.postflight.judge.health.HealthTracker;
import io.postflight.kafka.PhaseExtension;

/**
 * One deployment's health phase as the processor works on it: the verification (stored once, in
 * {@link HealthPhaseProcessor#STORE}) with its rounds so far (stored per round, in
 * {@link HealthPhaseProcessor#ROUNDS_STORE}). Everything needed to resume after a crash is in the
 * two; probes in flight at the crash are simply sent again.
 *
 * @param verification the verification being run
 * @param rounds probe tallies and the next round's due time
 */
record HealthVerification(VerificationStarted verification, HealthRounds rounds) {

    String deploymentId() {
        return verification.deployment().deploymentId();
    }

    HealthTracker tracker() {
        return rounds.tracker();
    }

    long nextProbeAtMillis() {
        return rounds.nextProbeAtMillis();
    }

    HealthVerification next(HealthTracker newTracker, long nextAt) {
        return new HealthVerification(verification, rounds.next(newTracker, nextAt));
    }

    HealthVerification extended(PhaseExtension extension) {
        return new HealthVerification(verification, rounds.extended(extension));
    }
}
