package io.postflight.judge.health;

import io.postflight.judge.JudgeStatus;
import io.postflight.judge.pod.PodStatusPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When the health phase passes or fails.
 *
 * @param passAfterConsecutiveHealthy every instance must answer healthy on this many consecutive
 *     probe rounds for the phase to pass
 * @param failAfterConsecutiveUnhealthy an instance unhealthy (or unreachable after its retry budget)
 *     on this many consecutive rounds fails the phase
 * @param crashLoopFlaps an instance that went from healthy to unhealthy this many times is crash
 *     looping, which fails the phase even if it is up right now; with discovered pods, more pods than
 *     this departing while not Ready fail it too ("pods keep being replaced")
 * @param phaseDuration the phase ends INCONCLUSIVE if neither happened by then
 * @param onNotReady with discovered pods, the verdict when a pod of the new version is still not
 *     Ready at the phase's end or the rollout exceeded its progress deadline: {@code INCONCLUSIVE}
 *     (the default, a HOLD) or {@code FAILED} (a rollback); {@code null} reads as the default
 * @param latePodGrace how far past the configured end a pod that appeared late may push the phase's
 *     end to get its own run of healthy probes; {@code null} reads as the default
 * @param podStatus the pod-status rules' thresholds; {@code null} reads as {@link PodStatusPolicy#DEFAULT}
 */
public record HealthPolicy(int passAfterConsecutiveHealthy, int failAfterConsecutiveUnhealthy,
                           int crashLoopFlaps, Duration phaseDuration, JudgeStatus onNotReady,
                           Duration latePodGrace, PodStatusPolicy podStatus) {

    /**
     * 18 rounds: at the default 10 s interval, three minutes healthy in a row, which leaves room
     * in the 5-minute phase for instances that are not ready on the first probes.
     */
    public static final int DEFAULT_PASS_AFTER_CONSECUTIVE_HEALTHY = 18;
    /** 3 rounds: 30 s of sustained unhealthiness at the default interval. */
    public static final int DEFAULT_FAIL_AFTER_CONSECUTIVE_UNHEALTHY = 3;
    public static final int DEFAULT_CRASH_LOOP_FLAPS = 3;
    public static final Duration DEFAULT_PHASE_DURATION = Duration.ofMinutes(5);
    /** A rollout that never gets ready holds: it may be a slow cluster, not a bad version. */
    public static final JudgeStatus DEFAULT_ON_NOT_READY = JudgeStatus.INCONCLUSIVE;
    public static final Duration DEFAULT_LATE_POD_GRACE = Duration.ofMinutes(3);

    public HealthPolicy {
        Objects.requireNonNull(phaseDuration, "phaseDuration");
        if (passAfterConsecutiveHealthy < 1 || failAfterConsecutiveUnhealthy < 1 || crashLoopFlaps < 1) {
            throw new IllegalArgumentException("health policy counts must be at least 1");
        }
        onNotReady = onNotReady == null ? DEFAULT_ON_NOT_READY : onNotReady;
        if (onNotReady != JudgeStatus.INCONCLUSIVE && onNotReady != JudgeStatus.FAILED) {
            throw new IllegalArgumentException("onNotReady must be INCONCLUSIVE or FAILED: " + onNotReady);
        }
        latePodGrace = latePodGrace == null ? DEFAULT_LATE_POD_GRACE : latePodGrace;
        if (latePodGrace.isNegative()) {
            throw new IllegalArgumentException("latePodGrace must not be negative: " + latePodGrace);
        }
        podStatus = podStatus == null ? PodStatusPolicy.DEFAULT : podStatus;
    }

    /** The policy as before discovery: the pod knobs at their defaults. */
    public HealthPolicy(int passAfterConsecutiveHealthy, int failAfterConsecutiveUnhealthy, int crashLoopFlaps,
                        Duration phaseDuration) {
        this(passAfterConsecutiveHealthy, failAfterConsecutiveUnhealthy, crashLoopFlaps, phaseDuration, null, null,
                null);
    }

    public static HealthPolicy defaults() {
        return new HealthPolicy(DEFAULT_PASS_AFTER_CONSECUTIVE_HEALTHY, DEFAULT_FAIL_AFTER_CONSECUTIVE_UNHEALTHY,
                DEFAULT_CRASH_LOOP_FLAPS, DEFAULT_PHASE_DURATION);
    }

    /** The same policy with a phase as long as {@code duration} (an operator's EXTEND), every other knob kept. */
    public HealthPolicy withPhaseDuration(Duration duration) {
        return new HealthPolicy(passAfterConsecutiveHealthy, failAfterConsecutiveUnhealthy, crashLoopFlaps, duration,
                onNotReady, latePodGrace, podStatus);
    }

    /**
     * When the phase ends given a pod that appeared late (ADR 0029 §5): late enough for that pod's
     * own {@link #passAfterConsecutiveHealthy} rounds at {@code probeInterval}, never earlier than
     * {@code configuredEnd} and never more than {@link #latePodGrace} past it.
     *
     * @param configuredEnd the phase's end as configured (and extended)
     * @param lastAppearance when the last active instance appeared, or {@code null} if none appeared late
     * @param probeInterval time between two probe rounds
     */
    public Instant effectivePhaseEnd(Instant configuredEnd, Instant lastAppearance, Duration probeInterval) {
        Objects.requireNonNull(configuredEnd, "configuredEnd");
        Objects.requireNonNull(probeInterval, "probeInterval");
        if (lastAppearance == null) {
            return configuredEnd;
        }
        Instant wanted = lastAppearance.plus(probeInterval.multipliedBy(passAfterConsecutiveHealthy));
        Instant cap = configuredEnd.plus(latePodGrace);
        Instant end = wanted.isAfter(cap) ? cap : wanted;
        return end.isAfter(configuredEnd) ? end : configuredEnd;
    }
}
