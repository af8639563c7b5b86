package io.postflight.provider.kubernetes;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A pod of the new version, as probed and judged: names, address, phase, readiness, restarts and
 * reasons only (ADR 0029 §4 "Secrets").
 *
 * @param instance {@code <cluster>/<namespace>/<pod>}, at most 253 characters ({@link SafeText#instanceId})
 * @param pod the pod's name
 * @param url {@code scheme://host:port}, or null until the pod has an address
 * @param createdAt the pod's creation time, or null when the API did not say
 * @param phase Pending, Running, Succeeded, Failed or Unknown
 * @param ready whether its Ready condition is True
 * @param containers init containers first, then the others
 * @param unschedulableSince when the scheduler found no node for it, or null
 */
public record DiscoveredPod(String instance, String pod, String url, Instant createdAt, String phase, boolean ready,
        List<DiscoveredContainer> containers, Instant unschedulableSince) {

    public DiscoveredPod {
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(pod, "pod");
        phase = SafeText.reason(phase);
        containers = List.copyOf(containers);
    }

    DiscoveredPod withUrl(String newUrl) {
        return new DiscoveredPod(instance, pod, newUrl, createdAt, phase, ready, containers, unschedulableSince);
    }
}
