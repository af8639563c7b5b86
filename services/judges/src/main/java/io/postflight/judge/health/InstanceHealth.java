package io.postflight.judge.health;

/**
 * Running tally for one instance across probe rounds.
 *
 * @param instance instance name
 * @param rounds rounds observed
 * @param consecutiveHealthy healthy rounds in a row, up to now
 * @param consecutiveUnhealthy unhealthy rounds in a row, up to now
 * @param flaps healthy-to-unhealthy transitions seen (restarts show up as flaps)
 * @param lastHealthy whether the last round was healthy ({@code null} before the first)
 * @param lastDetail what the last round saw
 */
public record InstanceHealth(String instance, int rounds, int consecutiveHealthy, int consecutiveUnhealthy,
                             int flaps, Boolean lastHealthy, String lastDetail) {

    public static InstanceHealth fresh(String instance) {
        return new InstanceHealth(instance, 0, 0, 0, 0, null, null);
    }

    /** The tally after one more observation. */
    public InstanceHealth observe(ProbeObservation o) {
        boolean healthy = o.healthy();
        boolean flap = Boolean.TRUE.equals(lastHealthy) && !healthy;
        return new InstanceHealth(instance, rounds + 1,
                healthy ? consecutiveHealthy + 1 : 0,
                healthy ? 0 : consecutiveUnhealthy + 1,
                flaps + (flap ? 1 : 0), healthy, o.detail());
    }
}
