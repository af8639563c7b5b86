package io.postflight.health;

import io.postflight.judge.health.HealthTracker;

/**
 * The changing part of one deployment's health phase, kept apart from the {@code VerificationStarted}
 * it runs (which is written once): the probe tallies and when the next round is due. Written once
 * per finished round, so a round costs one small store write and changelog record.
 *
 * @param deploymentId the deployment these tallies belong to (a newer deployment of the slot replaces them)
 * @param tracker probe tallies
 * @param nextProbeAtMillis wall-clock time the next round is due
 */
public record HealthRounds(String deploymentId, HealthTracker tracker, long nextProbeAtMillis) {

    public HealthRounds next(HealthTracker newTracker, long nextAt) {
        return new HealthRounds(deploymentId, newTracker, nextAt);
    }
}
