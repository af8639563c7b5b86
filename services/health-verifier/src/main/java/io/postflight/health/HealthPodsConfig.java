package io.postflight.health;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.postflight.judge.JudgeStatus;
import io.postflight.judge.health.HealthPolicy;
import io.postflight.judge.pod.PodStatusPolicy;
import java.time.Duration;

/**
 * How the health phase judges discovered pods ({@code postflight.health.pods.*}, ADR 0029 §5–6).
 * Every setting left out keeps the judge's default (written once, in {@link HealthPolicy} and
 * {@link PodStatusPolicy}). Validated at start-up, naming the property.
 *
 * @param onNotReady {@code INCONCLUSIVE} (a HOLD) or {@code FAILED} (a rollback) when a new pod is
 *     still not Ready at the phase's end or the rollout exceeded its progress deadline
 * @param latePodGrace how far past the configured end a pod that appeared late may move the phase's end
 * @param maxRestarts restarts of one container within the phase that fail it
 * @param waitingGrace how long ErrImagePull or CreateContainerError may last before they fail the phase
 * @param unschedulableGrace how long a pod may stay unschedulable (room for a cluster autoscaler)
 * @param httpProbes whether discovered pods are probed over HTTP (default true); false judges them by
 *     their status only, each round a pod is Running and Ready in a fresh snapshot counting as healthy
 */
@ConfigurationProperties("postflight.health.pods")
public record HealthPodsConfig(@Nullable String onNotReady, @Nullable Duration latePodGrace,
                               @Nullable Integer maxRestarts, @Nullable Duration waitingGrace,
                               @Nullable Duration unschedulableGrace, @Nullable Boolean httpProbes) {

    public HealthPodsConfig {
        if (onNotReady != null && !onNotReady.equals("INCONCLUSIVE") && !onNotReady.equals("FAILED")) {
            throw new IllegalArgumentException("postflight.health.pods.on-not-ready must be INCONCLUSIVE or FAILED, was "
                    + onNotReady);
        }
        notNegative(latePodGrace, "late-pod-grace");
        notNegative(waitingGrace, "waiting-grace");
        notNegative(unschedulableGrace, "unschedulable-grace");
        if (maxRestarts != null && maxRestarts < 1) {
            throw new IllegalArgumentException("postflight.health.pods.max-restarts must be at least 1, was " + maxRestarts);
        }
    }

    /** Nothing configured: the judge's defaults. */
    public static HealthPodsConfig defaults() {
        return new HealthPodsConfig(null, null, null, null, null, null);
    }

    /** Whether discovered pods are probed over HTTP (else judged by their status only). */
    boolean httpProbesOfPods() {
        return httpProbes == null || httpProbes;
    }

    /** {@code base} with these settings for discovered pods. */
    HealthPolicy applyTo(HealthPolicy base) {
        PodStatusPolicy d = PodStatusPolicy.DEFAULT;
        return new HealthPolicy(base.passAfterConsecutiveHealthy(), base.failAfterConsecutiveUnhealthy(),
                base.crashLoopFlaps(), base.phaseDuration(), onNotReady == null ? null : JudgeStatus.valueOf(onNotReady),
                latePodGrace, new PodStatusPolicy(maxRestarts == null ? d.maxRestarts() : maxRestarts,
                        waitingGrace == null ? d.waitingGrace() : waitingGrace,
                        unschedulableGrace == null ? d.unschedulableGrace() : unschedulableGrace));
    }

    private static void notNegative(Duration d, String name) {
        if (d != null && d.isNegative()) {
            throw new IllegalArgumentException("postflight.health.pods." + name + " must not be negative, was " + d);
        }
    }
}
