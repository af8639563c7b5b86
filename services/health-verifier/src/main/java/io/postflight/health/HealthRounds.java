package io.postflight.health;

import io.postflight.judge.health.HealthTracker;
import io.postflight.kafka.PhaseExtension;
import java.time.Duration;

/**
 * The changing part of one deployment's health phase, kept apart from the {@code VerificationStarted}
 * it runs (which is written once): the probe tallies and when the next round is due. Written once
 * per finished round, so a round costs one small store write and changelog record.
 *
 * @param deploymentId the deployment these tallies belong to (a newer deployment of the slot replaces them)
 * @param tracker probe tallies
 * @param nextProbeAtMillis wall-clock time the next round is due
 * @param traceparent the verification's W3C trace context, for the spans of its rounds and result
 *     (ADR 0026); null in entries written before tracing, or when the verification came without one
 *     and tracing is off. JSON omits an unknown field and reads a missing one as null, both ways
 * @param extension how much longer operators' applied EXTENDs made the phase, and their ids (ADR
 *     0027); null in entries written before extensions and while never extended
 */
public record HealthRounds(String deploymentId, HealthTracker tracker, long nextProbeAtMillis, String traceparent,
                           PhaseExtension extension) {

    public HealthRounds(String deploymentId, HealthTracker tracker, long nextProbeAtMillis) {
        this(deploymentId, tracker, nextProbeAtMillis, null, null);
    }

    public HealthRounds(String deploymentId, HealthTracker tracker, long nextProbeAtMillis, String traceparent) {
        this(deploymentId, tracker, nextProbeAtMillis, traceparent, null);
    }

    public HealthRounds next(HealthTracker newTracker, long nextAt) {
        return new HealthRounds(deploymentId, newTracker, nextAt, traceparent, extension);
    }

    /** How much longer than configured the phase runs ({@link Duration#ZERO} unless extended). */
    public Duration extendedBy() {
        return PhaseExtension.orNone(extension).extendedBy();
    }

    /** These tallies with {@code newExtension}: the phase ends that much later. */
    public HealthRounds extended(PhaseExtension newExtension) {
        return new HealthRounds(deploymentId, tracker, nextProbeAtMillis, traceparent, newExtension);
    }
}
