package io.postflight.gateway.discovery;

import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.TargetDiscovery;
import io.postflight.gateway.policy.MostSpecific;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves a deployment's {@link TargetDiscovery}, most specific entry first (service and
 * environment, service, environment, neither), as {@code PolicyResolver} does for policies. Every
 * entry is checked at start-up with the rules its readers apply, so a bad one stops the gateway
 * naming the property; what only a deployment decides (a namespace taken from an environment that
 * is no DNS label) makes that deployment undiscovered, logged with the reason.
 */
public class DiscoveryResolver {
    /** Default port name: the convention of most charts. */
    public static final String DEFAULT_PORT_NAME = "http";
    /** The workload found by this label when no name or selector is configured. */
    public static final String NAME_LABEL = "app.kubernetes.io/name";
    private static final Logger LOG = LoggerFactory.getLogger(DiscoveryResolver.class);

    private final MostSpecific<DiscoveryEntry> entries = new MostSpecific<>();

    public DiscoveryResolver(List<DiscoveryEntry> entries) {
        List<String> problems = new ArrayList<>();
        for (DiscoveryEntry e : entries) {
            DiscoveryEntry clash = this.entries.putIfAbsent(e.service(), e.environment(), e);
            if (clash != null) {
                problems.add(clash.where() + " and " + e.where() + " both apply to "
                        + MostSpecific.describe(e.service(), e.environment())
                        + ": give each service/environment pair one entry");
            }
            if (e.maxPods() != null && e.maxPods() < 1) {
                problems.add(e.where() + ".max-pods must be at least 1: " + e.maxPods());
            }
            if (e.name() != null && e.selector() != null) {
                problems.add(e.where() + " sets both name and selector: choose one");
            }
            try {
                // The rules readers apply, on the entry's own settings (placeholders where a
                // deployment fills them in).
                build(e, e.service() == null ? "service" : e.service(),
                        e.namespace() == null ? "default" : e.namespace()).checkedKnown();
            } catch (IllegalArgumentException bad) {
                problems.add(e.where() + ": " + bad.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid discovery configuration:\n  - " + String.join("\n  - ", problems));
        }
    }

    /** Whether any workload is configured. */
    public boolean enabled() {
        return !entries.isEmpty();
    }

    /** Where to discover {@code d}'s new pods, or empty when no entry applies (or the one that does cannot). */
    public Optional<TargetDiscovery> discoveryFor(DeploymentRef d) {
        DiscoveryEntry e = entries.find(d).orElse(null);
        if (e == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(build(e, d.service(), e.namespace() == null ? d.environment() : e.namespace()).checkedKnown());
        } catch (IllegalArgumentException bad) {
            LOG.warn("{} applies to {} in {} but cannot discover it: {}", e.where(), d.service(), d.environment(),
                    bad.getMessage());
            return Optional.empty();
        }
    }

    private static TargetDiscovery build(DiscoveryEntry e, String service, String namespace) {
        String selector = e.name() == null && e.selector() == null ? NAME_LABEL + "=" + service : e.selector();
        String kubernetesService = e.kubernetesService() != null ? e.kubernetesService()
                : e.name() != null ? e.name() : service;
        return new TargetDiscovery(e.clusters(), namespace, e.kind(), e.name(), selector, kubernetesService,
                e.portName() == null ? DEFAULT_PORT_NAME : e.portName(), e.port(), e.scheme(), e.match(),
                e.maxPods() == null ? TargetDiscovery.DEFAULT_MAX_PODS : e.maxPods());
    }
}
