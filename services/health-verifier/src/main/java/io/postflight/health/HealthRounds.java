package io.postflight.health;

import io.postflight.contracts.Target;
import io.postflight.judge.health.HealthTracker;
import io.postflight.kafka.PhaseExtension;
import java.time.Duration;
import java.util.List;

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
 * @param discoveredTargets for a verification whose pods are discovered (ADR 0029): the targets
 *     probed now, from the newest snapshot folded in; null for a verification of named targets
 * @param foldedSequence the sequence of the newest discovery snapshot folded in (0: none yet; absent
 *     in entries written before discovery)
 */
public record HealthRounds(String deploymentId, HealthTracker tracker, long nextProbeAtMillis, String traceparent,
                           PhaseExtension extension, List<Target> discoveredTargets, Long foldedSequence) {

    public HealthRounds {
        discoveredTargets = discoveredTargets == null ? null : List.copyOf(discoveredTargets);
        // Entries written before discovery have neither field.
        foldedSequence = foldedSequence == null ? 0L : foldedSequence;
    }

    public HealthRounds(String deploymentId, HealthTracker tracker, long nextProbeAtMillis, String traceparent,
                        PhaseExtension extension) {
        this(deploymentId, tracker, nextProbeAtMillis, traceparent, extension, null, 0L);
    }

    public HealthRounds(String deploymentId, HealthTracker tracker, long nextProbeAtMillis) {
        this(deploymentId, tracker, nextProbeAtMillis, null, null);
    }

    public HealthRounds(String deploymentId, HealthTracker tracker, long nextProbeAtMillis, String traceparent) {
        this(deploymentId, tracker, nextProbeAtMillis, traceparent, null);
    }

    public HealthRounds next(HealthTracker newTracker, long nextAt) {
        return new HealthRounds(deploymentId, newTracker, nextAt, traceparent, extension, discoveredTargets,
                foldedSequence);
    }

    /** These tallies after discovery snapshot {@code sequence}: the pods folded in, {@code targets} probed from now. */
    public HealthRounds retargeted(HealthTracker newTracker, List<Target> targets, long sequence) {
        return new HealthRounds(deploymentId, newTracker, nextProbeAtMillis, traceparent, extension, targets, sequence);
    }

    /** How much longer than configured the phase runs ({@link Duration#ZERO} unless extended). */
    public Duration extendedBy() {
        return PhaseExtension.orNone(extension).extendedBy();
    }

    /** These tallies with {@code newExtension}: the phase ends that much later. */
    public HealthRounds extended(PhaseExtension newExtension) {
        return new HealthRounds(deploymentId, tracker, nextProbeAtMillis, traceparent, newExtension, discoveredTargets,
                foldedSequence);
    }
}
