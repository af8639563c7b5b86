package io.postflight.judge.health;

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
 */
public record InstanceHealth(String instance, int rounds, int consecutiveHealthy, int consecutiveUnhealthy,
                             int flaps, Boolean lastHealthy, String lastDetail, int unknownRounds) {

    public static InstanceHealth fresh(String instance) {
        return new InstanceHealth(instance, 0, 0, 0, 0, null, null, 0);
    }

    /** Rounds whose outcome is known: probed, answered or not. */
    public int knownRounds() {
        return Math.max(0, rounds - unknownRounds);
    }

    /** The tally after one more observation. */
    public InstanceHealth observe(ProbeObservation o) {
        if (o.unknown()) {
            return new InstanceHealth(instance, rounds + 1, consecutiveHealthy, consecutiveUnhealthy, flaps,
                    lastHealthy, o.detail(), unknownRounds + 1);
        }
        boolean healthy = o.healthy();
        boolean flap = Boolean.TRUE.equals(lastHealthy) && !healthy;
        return new InstanceHealth(instance, rounds + 1,
                healthy ? consecutiveHealthy + 1 : 0,
                healthy ? 0 : consecutiveUnhealthy + 1,
                flaps + (flap ? 1 : 0), healthy, o.detail(), unknownRounds);
    }
}
