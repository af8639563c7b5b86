package io.postflight.judge.health;

import java.time.Duration;
import java.util.Objects;

/**
 * When the health phase passes or fails.
 *
 * @param passAfterConsecutiveHealthy every instance must answer healthy on this many consecutive
 *     probe rounds for the phase to pass
 * @param failAfterConsecutiveUnhealthy an instance unhealthy (or unreachable after its retry budget)
 *     on this many consecutive rounds fails the phase
 * @param crashLoopFlaps an instance that went from healthy to unhealthy this many times is crash
 *     looping, which fails the phase even if it is up right now
 * @param phaseDuration the phase ends INCONCLUSIVE if neither happened by then
 */
public record HealthPolicy(int passAfterConsecutiveHealthy, int failAfterConsecutiveUnhealthy,
                           int crashLoopFlaps, Duration phaseDuration) {

    /**
     * 18 rounds: at the default 10 s interval, three minutes healthy in a row, which leaves room
     * in the 5-minute phase for instances that are not ready on the first probes.
     */
    public static final int DEFAULT_PASS_AFTER_CONSECUTIVE_HEALTHY = 18;
    /** 3 rounds: 30 s of sustained unhealthiness at the default interval. */
    public static final int DEFAULT_FAIL_AFTER_CONSECUTIVE_UNHEALTHY = 3;
    public static final int DEFAULT_CRASH_LOOP_FLAPS = 3;
    public static final Duration DEFAULT_PHASE_DURATION = Duration.ofMinutes(5);

    public HealthPolicy {
        Objects.requireNonNull(phaseDuration, "phaseDuration");
        if (passAfterConsecutiveHealthy < 1 || failAfterConsecutiveUnhealthy < 1 || crashLoopFlaps < 1) {
            throw new IllegalArgumentException("health policy counts must be at least 1");
        }
    }

    public static HealthPolicy defaults() {
        return new HealthPolicy(DEFAULT_PASS_AFTER_CONSECUTIVE_HEALTHY, DEFAULT_FAIL_AFTER_CONSECUTIVE_UNHEALTHY,
                DEFAULT_CRASH_LOOP_FLAPS, DEFAULT_PHASE_DURATION);
    }
}
