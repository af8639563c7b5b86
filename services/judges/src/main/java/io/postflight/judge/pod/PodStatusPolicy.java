package io.postflight.judge.pod;

import java.time.Duration;
import java.util.Objects;

/**
 * When a pod's own status fails the health phase.
 *
 * @param maxRestarts restarts of one container within the phase that fail it (a crash loop the
 *     probes may not see between two rounds)
 * @param waitingGrace how long a container may wait on a reason that can clear by itself
 *     ({@code ErrImagePull}: a registry hiccup; {@code CreateContainerError}) before it fails the phase
 * @param unschedulableGrace how long a pod may stay unschedulable (room for a cluster autoscaler
 *     to add a node) before it fails the phase
 */
public record PodStatusPolicy(int maxRestarts, Duration waitingGrace, Duration unschedulableGrace) {

    public static final int DEFAULT_MAX_RESTARTS = 2;
    public static final Duration DEFAULT_WAITING_GRACE = Duration.ofSeconds(30);
    public static final Duration DEFAULT_UNSCHEDULABLE_GRACE = Duration.ofMinutes(2);

    public static final PodStatusPolicy DEFAULT = new PodStatusPolicy(DEFAULT_MAX_RESTARTS, DEFAULT_WAITING_GRACE,
            DEFAULT_UNSCHEDULABLE_GRACE);

    public PodStatusPolicy {
        Objects.requireNonNull(waitingGrace, "waitingGrace");
        Objects.requireNonNull(unschedulableGrace, "unschedulableGrace");
        if (maxRestarts < 1) {
            throw new IllegalArgumentException("maxRestarts must be at least 1: " + maxRestarts);
        }
        if (waitingGrace.isNegative() || unschedulableGrace.isNegative()) {
            throw new IllegalArgumentException("graces must not be negative");
        }
    }
}
