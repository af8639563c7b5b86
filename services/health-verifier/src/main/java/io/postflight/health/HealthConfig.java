package io.postflight.health;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import io.postflight.judge.health.HealthPolicy;
import io.postflight.resilience.StarvationWatch;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;

/**
 * Health-phase settings ({@code postflight.health.*}). Validated at start-up: a missing or
 * nonsensical value stops the service with a message naming the property.
 *
 * @param livenessPath path of each instance's liveness endpoint
 * @param readinessPath path of each instance's readiness endpoint
 * @param probeInterval time between probe rounds of one deployment
 * @param probeTimeout limit of one HTTP attempt
 * @param probeAttempts attempts per endpoint per round (retry budget), with exponential backoff and jitter
 * @param probeBackoff wait before the second attempt
 * @param passAfterConsecutiveHealthy healthy rounds in a row, on every instance, to pass
 * @param failAfterConsecutiveUnhealthy unhealthy rounds in a row, on one instance, to fail
 * @param crashLoopFlaps up-to-down transitions that make a crash loop
 * @param phaseDuration length of the phase; INCONCLUSIVE if undecided by then
 * @param tick how often the verifier looks for finished probes and due rounds
 * @param maxRoundsPerTick probe rounds one tick of one stream task starts at most; the rest start at
 *     the next tick, so deploy events keep being read however many rounds fall due at once
 * @param missedPhaseLookBack a verification read after its phase ended (the verifier was down) gets an
 *     INCONCLUSIVE result at once when its phase ended at most this long ago; older ones are skipped
 *     (history read by a new application id; the decision engine ignores them beyond its silence timeout)
 * @param maxConcurrentProbes instances probed at once, across all deployments (the verifier-wide cap)
 * @param probeQueueCapacity instances waiting for a probe slot; beyond that a probe is not run (unknown)
 * @param probeThreads threads of the one probe client (they only move bytes; probes never block them)
 * @param starvationThreshold how late the verifier's own timers may run before a timeout that fell in
 *     that time counts as the verifier's failure (unknown) rather than the target's
 * @param breakerRounds unreachable rounds in a row after which a target's breaker opens and its
 *     probes stop retrying (one attempt per endpoint) until it answers again
 */
@ConfigurationProperties("postflight.health")
public record HealthConfig(
        @NotBlank @Bindable(defaultValue = DEFAULT_LIVENESS_PATH) String livenessPath,
        @NotBlank @Bindable(defaultValue = DEFAULT_READINESS_PATH) String readinessPath,
        @NotNull @Bindable(defaultValue = "10s") Duration probeInterval,
        @NotNull @Bindable(defaultValue = "2s") Duration probeTimeout,
        @Min(1) @Bindable(defaultValue = "3") int probeAttempts,
        @NotNull @Bindable(defaultValue = "200ms") Duration probeBackoff,
        @Min(1) @Bindable(defaultValue = "18") int passAfterConsecutiveHealthy,
        @Min(1) @Bindable(defaultValue = "3") int failAfterConsecutiveUnhealthy,
        @Min(1) @Bindable(defaultValue = "3") int crashLoopFlaps,
        @NotNull @Bindable(defaultValue = "5m") Duration phaseDuration,
        @NotNull @Bindable(defaultValue = "250ms") Duration tick,
        @Min(1) @Bindable(defaultValue = "2000") int maxRoundsPerTick,
        @NotNull @Bindable(defaultValue = "2h") Duration missedPhaseLookBack,
        @Min(1) @Bindable(defaultValue = "64") int maxConcurrentProbes,
        @Min(0) @Bindable(defaultValue = "20000") int probeQueueCapacity,
        @Min(1) @Bindable(defaultValue = "2") int probeThreads,
        @NotNull @Bindable(defaultValue = StarvationWatch.DEFAULT_THRESHOLD) Duration starvationThreshold,
        @Min(1) @Bindable(defaultValue = "2") int breakerRounds) {

    public static final String DEFAULT_LIVENESS_PATH = "/health/live";
    public static final String DEFAULT_READINESS_PATH = "/health/ready";
    public static final Duration DEFAULT_PROBE_INTERVAL = Duration.ofSeconds(10);

    public HealthConfig {
        positive(probeInterval, "probe-interval");
        positive(probeTimeout, "probe-timeout");
        positive(probeBackoff, "probe-backoff");
        positive(phaseDuration, "phase-duration");
        positive(tick, "tick");
        if (missedPhaseLookBack != null && missedPhaseLookBack.isNegative()) {
            throw new IllegalArgumentException("postflight.health.missed-phase-look-back must not be negative, was "
                    + missedPhaseLookBack);
        }
        positive(starvationThreshold, "starvation-threshold");
    }

    private static void positive(Duration d, String name) {
        if (d != null && (d.isNegative() || d.isZero())) {
            throw new IllegalArgumentException("postflight.health." + name + " must be positive, was " + d);
        }
    }

    public HealthPolicy policy() {
        return new HealthPolicy(passAfterConsecutiveHealthy, failAfterConsecutiveUnhealthy, crashLoopFlaps, phaseDuration);
    }
}
