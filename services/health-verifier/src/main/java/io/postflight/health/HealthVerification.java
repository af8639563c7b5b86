package io.postflight.health;

import io.postflight.contracts.Target;
import io.postflight.contracts.VerificationStarted;
import io.postflight.judge.health.HealthTracker;
import io.postflight.kafka.PhaseExtension;
import java.util.List;

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

    /** Whether the pods are discovered (ADR 0029): the targets then follow the snapshots. */
    boolean discovered() {
        return verification.discovered();
    }

    /** The targets probed now: the discovered pods' addresses, else the verification's own targets. */
    List<Target> targets() {
        return rounds.discoveredTargets() != null ? rounds.discoveredTargets() : verification.targets();
    }

    long nextProbeAtMillis() {
        return rounds.nextProbeAtMillis();
    }

    HealthVerification next(HealthTracker newTracker, long nextAt) {
        return new HealthVerification(verification, rounds.next(newTracker, nextAt));
    }

    HealthVerification retargeted(HealthTracker newTracker, List<Target> targets, long sequence) {
        return new HealthVerification(verification, rounds.retargeted(newTracker, targets, sequence));
    }

    HealthVerification extended(PhaseExtension extension) {
        return new HealthVerification(verification, rounds.extended(extension));
    }
}
