package io.postflight.provider.kubernetes;

import java.util.List;
import java.util.Objects;

/**
 * The new version of one workload in one cluster, as a snapshot publishes it (ADR 0029 §2).
 *
 * @param cluster the cluster's configured name
 * @param namespace the namespace
 * @param kind Deployment, StatefulSet or Rollout (the configured kind when none was found)
 * @param name the workload's name, or null when none was found
 * @param revision the new pods' template hash or the StatefulSet's update revision, or null
 * @param desired the pods the new revision should have
 * @param progressDeadlineExceeded whether the controller gave up waiting for the rollout
 * @param pods the new version's pods, sorted by name, at most the reference's {@code maxPods}
 * @param complete false when something was not found or the pods were cut
 * @param problem one sentence saying why it is not complete, or null
 */
public record DiscoveredWorkload(String cluster, String namespace, String kind, String name, String revision,
        int desired, boolean progressDeadlineExceeded, List<DiscoveredPod> pods, boolean complete, String problem) {

    public DiscoveredWorkload {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(kind, "kind");
        pods = List.copyOf(pods);
        if (complete != (problem == null)) {
            throw new IllegalArgumentException("a result is complete exactly when it names no problem");
        }
    }

    /** Nothing to probe and why: the workload or its revision was not found or is not the announced one. */
    static DiscoveredWorkload problem(String cluster, WorkloadRef ref, String kind, String name, String problem) {
        return new DiscoveredWorkload(cluster, ref.namespace(), kind, name, null, 0, false, List.of(), false, problem);
    }
}
