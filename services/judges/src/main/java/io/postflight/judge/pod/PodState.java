package io.postflight.judge.pod;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One pod of the new version as last observed, with what the verifier saw of it first.
 *
 * @param instance the target's name ({@code <cluster>/<namespace>/<pod>})
 * @param phase the pod's phase ({@code Pending}, {@code Running}, {@code Succeeded}, {@code Failed}, {@code Unknown})
 * @param ready whether its Ready condition is true
 * @param containers its containers, init containers included
 * @param firstSeenRestarts each container's restart count when the verifier first saw the pod:
 *     restarts before the phase (a pod reused from a paused rollout) are not this version's crash loop
 * @param unschedulableSince when the scheduler first reported it unschedulable, or {@code null}
 */
public record PodState(String instance, String phase, boolean ready, List<ContainerState> containers,
                       Map<String, Integer> firstSeenRestarts, Instant unschedulableSince) {

    public PodState {
        Objects.requireNonNull(instance, "instance");
        phase = phase == null ? "Unknown" : phase;
        containers = List.copyOf(containers);
        firstSeenRestarts = Map.copyOf(firstSeenRestarts);
    }

    /** Restarts of {@code c} since the verifier first saw the pod (all of them for a container seen later). */
    public int restartsInPhase(ContainerState c) {
        return Math.max(0, c.restarts() - firstSeenRestarts.getOrDefault(c.name(), 0));
    }
}
