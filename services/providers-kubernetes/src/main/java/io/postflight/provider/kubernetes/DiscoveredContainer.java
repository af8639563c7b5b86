package io.postflight.provider.kubernetes;

import java.util.Objects;

/**
 * One container of a pod, init containers included: only what the pod-status rules judge (ADR 0029
 * §6). Reasons are the kubelet's short CamelCase words, never its messages (which may quote a
 * registry URL or a config value).
 *
 * @param name the container's name
 * @param restarts its restart count as the kubelet reports it (absolute, not since the phase began)
 * @param waitingReason {@code state.waiting.reason} (e.g. CrashLoopBackOff), or null
 * @param lastTerminatedReason {@code lastState.terminated.reason} (e.g. OOMKilled), or null
 */
public record DiscoveredContainer(String name, int restarts, String waitingReason, String lastTerminatedReason) {

    public DiscoveredContainer {
        Objects.requireNonNull(name, "name");
        waitingReason = SafeText.reason(waitingReason);
        lastTerminatedReason = SafeText.reason(lastTerminatedReason);
    }
}
