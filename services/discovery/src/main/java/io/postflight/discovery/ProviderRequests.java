package io.postflight.discovery;

import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.TargetDiscovery;
import io.postflight.provider.kubernetes.ExpectedIdentity;
import io.postflight.provider.kubernetes.MatchMode;
import io.postflight.provider.kubernetes.WorkloadKind;
import io.postflight.provider.kubernetes.WorkloadRef;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A verification's {@code discovery} (the contract's strings) in the provider's terms. Anything the
 * provider cannot act on is an {@link IllegalArgumentException} naming the field, which ends up as the
 * snapshot's problem: the gateway checked the request, but a newer gateway may send a kind or match
 * this service does not know yet (contracts/README.md §3).
 */
final class ProviderRequests {

    private ProviderRequests() {
    }

    static WorkloadRef workload(TargetDiscovery d) {
        return new WorkloadRef(d.namespace(), WorkloadKind.of(d.kind()), d.name(),
                d.name() == null && d.selector() != null ? selector(d.selector()) : null, d.service(), d.portName(),
                d.port(), d.scheme(), d.maxPods());
    }

    static ExpectedIdentity identity(TargetDiscovery d, DeploymentRef deployment) {
        MatchMode mode = switch (d.match()) {
            case "digest" -> MatchMode.DIGEST;
            case "version-label" -> MatchMode.VERSION_LABEL;
            case "image-tag" -> MatchMode.IMAGE_TAG;
            default -> throw new IllegalArgumentException("discovery.match '" + d.match()
                    + "' is not one this discovery service knows (digest, version-label, image-tag)");
        };
        return new ExpectedIdentity(deployment.artifactDigest(), deployment.version(), mode);
    }

    /**
     * An equality selector, {@code a=b,c=d} (or {@code a==b}), as informers filter by labels. Set-based
     * selectors ({@code in}, {@code !=}, existence) are refused by name rather than half applied.
     */
    static Map<String, String> selector(String selector) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String term : selector.split(",")) {
            String t = term.strip();
            int eq = t.indexOf('=');
            String key = eq < 0 ? "" : t.substring(0, eq).strip();
            String value = eq < 0 ? "" : t.substring(t.startsWith("=", eq + 1) ? eq + 2 : eq + 1).strip();
            if (key.isEmpty() || key.endsWith("!") || value.contains("=") || key.contains(" ") || value.contains(" ")) {
                throw new IllegalArgumentException("discovery.selector '" + selector
                        + "': only equality selectors (key=value, comma-separated) are supported");
            }
            labels.put(key, value);
        }
        return labels;
    }
}
