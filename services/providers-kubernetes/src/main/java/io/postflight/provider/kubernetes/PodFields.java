package io.postflight.provider.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatus;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Copies the few fields of a pod that are judged, by name, never the object (ADR 0029 §4 "Secrets"):
 * env, annotations, specs and messages stay in the API server, as they may hold secrets.
 */
final class PodFields {

    private PodFields() {
    }

    /** The pod as discovered, without an address yet ({@link PodAddresses} adds it). */
    static DiscoveredPod copy(String cluster, Pod pod) {
        String name = pod.getMetadata().getName();
        PodStatus status = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
        List<PodCondition> conditions = status.getConditions() == null ? List.of() : status.getConditions();
        boolean ready = conditions.stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        Instant unschedulableSince = conditions.stream()
                .filter(c -> "PodScheduled".equals(c.getType()) && "False".equals(c.getStatus())
                        && "Unschedulable".equals(c.getReason()))
                .map(c -> instant(c.getLastTransitionTime())).findFirst().orElse(null);
        return new DiscoveredPod(SafeText.instanceId(cluster, pod.getMetadata().getNamespace(), name), name, null,
                instant(pod.getMetadata().getCreationTimestamp()), status.getPhase(), ready, containers(pod, status),
                unschedulableSince);
    }

    /**
     * Init containers first, then the others; a container the kubelet has not reported yet (pod still
     * pending) is listed with no restarts, so the set of names does not change under the judge.
     */
    /** Containers a snapshot carries per pod (contracts' {@code TargetsChanged.MAX_CONTAINERS}). */
    static final int MAX_CONTAINERS = 8;

    private static List<DiscoveredContainer> containers(Pod pod, PodStatus status) {
        List<DiscoveredContainer> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Stream.concat(statuses(status.getInitContainerStatuses()), statuses(status.getContainerStatuses()))
                .forEach(s -> {
                    if (s.getName() != null && seen.add(s.getName())) {
                        out.add(container(s));
                    }
                });
        if (pod.getSpec() != null) {
            Stream.concat(specs(pod.getSpec().getInitContainers()), specs(pod.getSpec().getContainers()))
                    .map(Container::getName)
                    .filter(n -> n != null && seen.add(n))
                    .forEach(n -> out.add(new DiscoveredContainer(n, 0, null, null)));
        }
        if (out.size() <= MAX_CONTAINERS) {
            return out;
        }
        // Sidecars can outnumber what a snapshot carries: containers showing a problem first, so
        // no rule loses what it acts on, then the others in order.
        List<DiscoveredContainer> sorted = new ArrayList<>(out);
        sorted.sort(java.util.Comparator.comparingInt(c -> c.waitingReason() != null || c.lastTerminatedReason() != null
                || c.restarts() > 0 ? 0 : 1));
        return List.copyOf(sorted.subList(0, MAX_CONTAINERS));
    }

    private static DiscoveredContainer container(ContainerStatus s) {
        String waiting = s.getState() == null || s.getState().getWaiting() == null ? null
                : s.getState().getWaiting().getReason();
        String lastTerminated = s.getLastState() == null || s.getLastState().getTerminated() == null ? null
                : s.getLastState().getTerminated().getReason();
        int restarts = s.getRestartCount() == null ? 0 : s.getRestartCount();
        return new DiscoveredContainer(s.getName(), restarts, waiting, lastTerminated);
    }

    private static Stream<ContainerStatus> statuses(List<ContainerStatus> list) {
        return list == null ? Stream.empty() : list.stream();
    }

    private static Stream<Container> specs(List<Container> list) {
        return list == null ? Stream.empty() : list.stream();
    }

    /** API timestamps are RFC 3339; a malformed one is unknown rather than a failed snapshot. */
    private static Instant instant(String timestamp) {
        if (timestamp == null || timestamp.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(timestamp);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
