package io.postflight.provider.kubernetes;

import java.util.Map;
import java.util.Objects;

/**
 * Which workload to find and how to address its pods (ADR 0029 §3, resolved at intake).
 *
 * @param namespace the namespace
 * @param kind the controller kind, or {@link WorkloadKind#AUTO}
 * @param name the workload's name, or null to find it by {@code selector}
 * @param selector labels the workload carries, used without a name; null: {@code app.kubernetes.io/name=<service>}
 * @param service the Service whose EndpointSlices give the addresses; null: the workload's name
 * @param portName the EndpointSlice port (and container port) name, {@code http} by default
 * @param port the port used with the pod IP when no EndpointSlice names the pod, or null
 * @param scheme {@code http} or {@code https}
 * @param maxPods at most this many pods are listed; past it the result is incomplete
 */
public record WorkloadRef(String namespace, WorkloadKind kind, String name, Map<String, String> selector,
        String service, String portName, Integer port, String scheme, int maxPods) {

    public static final String NAME_LABEL = "app.kubernetes.io/name";
    public static final int DEFAULT_MAX_PODS = 100;

    public WorkloadRef {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(kind, "kind");
        if (name == null && selector == null && service == null) {
            throw new IllegalArgumentException("a workload needs a name, a selector or a service name");
        }
        selector = selector == null ? null : Map.copyOf(selector);
        portName = portName == null ? "http" : portName;
        scheme = scheme == null ? "http" : scheme;
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("scheme must be http or https, not " + scheme);
        }
        if (port != null && (port < 1 || port > 65_535)) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (maxPods < 1) {
            throw new IllegalArgumentException("maxPods must be at least 1");
        }
    }

    /** A workload by kind and name, its Service of the same name, port {@code http}, at most 100 pods. */
    public static WorkloadRef named(String namespace, WorkloadKind kind, String name) {
        return new WorkloadRef(namespace, kind, name, null, null, null, null, null, DEFAULT_MAX_PODS);
    }

    /** The labels looked for when no name is given: the configured ones, else the naming convention. */
    public Map<String, String> effectiveSelector() {
        if (selector != null) {
            return selector;
        }
        return Map.of(NAME_LABEL, service != null ? service : name);
    }

    /** The Service of the EndpointSlices: configured, else the workload's own name. */
    public String serviceFor(String workloadName) {
        return service != null ? service : workloadName;
    }

    /** What was looked for, as a problem sentence names it. */
    String lookedFor() {
        String what = kind == WorkloadKind.AUTO ? "Deployment, StatefulSet or Rollout" : kind.apiName();
        if (name != null) {
            return what + " '" + name + "'";
        }
        return what + " labelled " + effectiveSelector();
    }

    public WorkloadRef withPort(Integer newPort) {
        return new WorkloadRef(namespace, kind, name, selector, service, portName, newPort, scheme, maxPods);
    }

    public WorkloadRef withService(String newService) {
        return new WorkloadRef(namespace, kind, name, selector, newService, portName, port, scheme, maxPods);
    }

    public WorkloadRef withMaxPods(int newMaxPods) {
        return new WorkloadRef(namespace, kind, name, selector, service, portName, port, scheme, newMaxPods);
    }
}
