package io.postflight.contracts;

import jakarta.annotation.Nullable;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How a verification's targets are found when the deploy event names none and no static target
 * map does: the workload in Kubernetes whose new pods are probed (ADR 0029). Resolved once by the
 * gateway from {@code postflight.discovery.workloads}; the discovery service acts on it and
 * publishes what it finds on {@link Topics#TARGETS}, which the health verifier follows.
 *
 * <p>{@code kind} and {@code match} are strings, not enums, and readers accept any printable value
 * ({@link #checked()}), so a kind added later is an additive change for readers that do not act on
 * it (contracts/README.md §3); the gateway and the discovery service refuse what they do not know
 * ({@link #checkedKnown()}).
 *
 * @param clusters names of the clusters to look in (the discovery service's configured credentials)
 * @param namespace the namespace of the workload
 * @param kind {@code Deployment}, {@code StatefulSet}, {@code Rollout} (Argo Rollouts) or {@code auto}
 * @param name the workload's name; absent: found by {@code selector}
 * @param selector a label selector naming the workload when {@code name} is absent
 * @param service the Service whose EndpointSlices give the pods' addresses
 * @param portName the EndpointSlice port to probe, by name
 * @param port the port to probe when no EndpointSlice names one (the pod's IP and this port)
 * @param scheme {@code http} or {@code https}
 * @param match how the new version's pods are recognised: {@code digest}, {@code version-label} or
 *     {@code image-tag}
 * @param maxPods at most this many pods are followed; more makes the snapshot incomplete
 */
public record TargetDiscovery(List<String> clusters, String namespace, String kind, @Nullable String name,
                              @Nullable String selector, @Nullable String service, @Nullable String portName,
                              @Nullable Integer port, String scheme, String match, int maxPods) {

    public static final Set<String> KINDS = Set.of("Deployment", "StatefulSet", "Rollout", "auto");
    public static final Set<String> MATCHES = Set.of("digest", "version-label", "image-tag");
    /**
     * Most pods one verification follows: a snapshot of this many, every name at its longest and
     * {@link TargetsChanged#MAX_CONTAINERS} containers each, stays under Kafka's default 1 MiB record
     * limit (TargetsChangedTest).
     */
    public static final int MAX_PODS = 250;
    public static final int DEFAULT_MAX_PODS = 100;
    public static final int MAX_CLUSTERS = 16;
    /** A Kubernetes namespace or cluster name: a DNS-1123 label. */
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final int MAX_SELECTOR = 512;
    private static final int MAX_WORD = 64;

    public TargetDiscovery {
        clusters = clusters == null ? List.of() : List.copyOf(clusters);
        kind = kind == null ? "auto" : kind;
        scheme = scheme == null ? "http" : scheme;
        match = match == null ? "digest" : match;
        maxPods = maxPods == 0 ? DEFAULT_MAX_PODS : maxPods;
    }

    /**
     * This discovery as readers must find it, or why not: names that Kubernetes would accept,
     * a known kind and match, a port in range, a bounded pod count.
     *
     * @throws IllegalArgumentException naming the field and the rule
     */
    public TargetDiscovery checked() {
        if (clusters.isEmpty()) {
            throw new IllegalArgumentException("discovery.clusters is empty");
        }
        rule(clusters.size() <= MAX_CLUSTERS, "discovery.clusters names " + clusters.size() + ", above " + MAX_CLUSTERS);
        clusters.forEach(c -> label("discovery.clusters", c));
        label("discovery.namespace", namespace);
        // Any printable value here, so a kind or match added later is additive for every reader;
        // the gateway and the discovery service check they know it (checkedKnown).
        Identifiers.text("discovery.kind", kind, MAX_WORD);
        Identifiers.text("discovery.match", match, MAX_WORD);
        rule(name != null || selector != null, "discovery needs a name or a selector");
        if (name != null) {
            Identifiers.text("discovery.name", name, Identifiers.MAX_NAME);
        }
        if (selector != null) {
            Identifiers.text("discovery.selector", selector, MAX_SELECTOR);
        }
        if (service != null) {
            Identifiers.text("discovery.service", service, Identifiers.MAX_NAME);
        }
        if (portName != null) {
            Identifiers.text("discovery.portName", portName, 15);
        }
        rule(port == null || port >= 1 && port <= 65_535, "discovery.port " + port + " is not in 1..65535");
        rule(scheme.equals("http") || scheme.equals("https"), "discovery.scheme '" + scheme + "' is not http or https");
        rule(maxPods >= 1 && maxPods <= MAX_PODS, "discovery.maxPods " + maxPods + " is not in 1.." + MAX_PODS);
        return this;
    }

    /**
     * {@link #checked()}, and the kind and match among those this release acts on: for whoever
     * writes or acts on the request (the gateway's configuration, the discovery service).
     */
    public TargetDiscovery checkedKnown() {
        checked();
        rule(KINDS.contains(kind), "discovery.kind '" + kind + "' is not one of " + KINDS.stream().sorted().toList());
        rule(MATCHES.contains(match), "discovery.match '" + match + "' is not one of " + MATCHES.stream().sorted().toList());
        return this;
    }

    private static void label(String field, String value) {
        // Printable first, so the message below never quotes a control character.
        Identifiers.text(field, value, 63);
        rule(DNS_LABEL.matcher(value).matches(),
                field + " '" + value + "' is not a DNS-1123 label (lower-case letters, digits and '-', at most 63)");
    }

    private static void rule(boolean holds, String message) {
        if (!holds) {
            throw new IllegalArgumentException(message);
        }
    }
}
