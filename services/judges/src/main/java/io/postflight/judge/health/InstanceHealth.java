package io.postflight.judge.health;

import java.time.Instant;

/**
 * Running tally for one instance across probe rounds.
 *
 * <p>An unknown observation (the verifier could not probe) leaves the runs as they were: it is
 * neither healthy nor unhealthy, so it neither breaks nor extends a run; it is only counted.
 *
 * @param instance instance name
 * @param rounds rounds observed
 * @param consecutiveHealthy healthy rounds in a row, up to now (unknown rounds skipped)
 * @param consecutiveUnhealthy unhealthy rounds in a row, up to now (unknown rounds skipped)
 * @param flaps healthy-to-unhealthy transitions seen (restarts show up as flaps)
 * @param lastHealthy whether the last known round was healthy ({@code null} before the first)
 * @param lastDetail what the last round saw
 * @param unknownRounds rounds the verifier could not probe this instance
 * @param appearedAt when discovery first showed the instance (ADR 0029), or {@code null} for one
 *     known since the phase started (targets of the deploy event, entries written before discovery)
 * @param departedAt when discovery stopped showing it, or {@code null} while it is active; a departed
 *     instance is kept for evidence only
 */
public record InstanceHealth(String instance, int rounds, int consecutiveHealthy, int consecutiveUnhealthy,
                             int flaps, Boolean lastHealthy, String lastDetail, int unknownRounds,
                             Instant appearedAt, Instant departedAt) {

    /** An instance known since the phase started and still there. */
    public InstanceHealth(String instance, int rounds, int consecutiveHealthy, int consecutiveUnhealthy, int flaps,
                          Boolean lastHealthy, String lastDetail, int unknownRounds) {
        this(instance, rounds, consecutiveHealthy, consecutiveUnhealthy, flaps, lastHealthy, lastDetail,
                unknownRounds, null, null);
    }

    public static InstanceHealth fresh(String instance) {
        return new InstanceHealth(instance, 0, 0, 0, 0, null, null, 0);
    }

    /** An instance discovery showed first at {@code appearedAt}: a run of its own from there. */
    public static InstanceHealth fresh(String instance, Instant appearedAt) {
        return new InstanceHealth(instance, 0, 0, 0, 0, null, null, 0, appearedAt, null);
    }

    /** Still a target: not departed. */
    public boolean active() {
        return departedAt == null;
    }

    /** The same tally, departed at {@code at}. */
    public InstanceHealth departed(Instant at) {
        return new InstanceHealth(instance, rounds, consecutiveHealthy, consecutiveUnhealthy, flaps, lastHealthy,
                lastDetail, unknownRounds, appearedAt, at);
    }

    /** Rounds whose outcome is known: probed, answered or not. */
    public int knownRounds() {
        return Math.max(0, rounds - unknownRounds);
    }

    /** The tally after one more observation. */
    public InstanceHealth observe(ProbeObservation o) {
        if (o.unknown()) {
            return new InstanceHealth(instance, rounds + 1, consecutiveHealthy, consecutiveUnhealthy, flaps,
                    lastHealthy, o.detail(), unknownRounds + 1, appearedAt, departedAt);
        }
        boolean healthy = o.healthy();
        boolean flap = Boolean.TRUE.equals(lastHealthy) && !healthy;
        return new InstanceHealth(instance, rounds + 1,
                healthy ? consecutiveHealthy + 1 : 0,
                healthy ? 0 : consecutiveUnhealthy + 1,
                flaps + (flap ? 1 : 0), healthy, o.detail(), unknownRounds, appearedAt, departedAt);
    }
}
