package io.postflight.targets;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Min;
import java.util.List;

/**
 * Which targets the verifiers may call ({@code postflight.target-policy.*}). The defaults are safe for
 * production: any host except loopback, link-local, unspecified, multicast and cloud-metadata
 * addresses and names. An allow-list, when any of its three parts is given, limits targets to it.
 * A malformed CIDR stops the service at start-up.
 *
 * @param allowedHosts host names allowed exactly (lower case compared)
 * @param allowedDomains domain suffixes allowed, e.g. {@code svc.cluster.local} (the domain and its subdomains)
 * @param allowedCidrs address ranges allowed, e.g. {@code 10.0.0.0/8}; they also lift the default
 *     denials for the addresses they cover
 * @param allowLoopback allow loopback addresses and {@code localhost} (the embedded launcher and tests)
 * @param deniedCidrs further address ranges refused, on top of the built-in ones
 * @param maxTargetsPerEvent a verification naming more targets than this is refused as a whole
 */
@ConfigurationProperties("postflight.target-policy")
public record TargetPolicyConfig(
        @Nullable List<String> allowedHosts,
        @Nullable List<String> allowedDomains,
        @Nullable List<String> allowedCidrs,
        @Bindable(defaultValue = "false") boolean allowLoopback,
        @Nullable List<String> deniedCidrs,
        @Min(1) @Bindable(defaultValue = "1000") int maxTargetsPerEvent) {

    public static final int DEFAULT_MAX_TARGETS_PER_EVENT = 1000;

    public TargetPolicyConfig {
        allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
        allowedDomains = allowedDomains == null ? List.of() : List.copyOf(allowedDomains);
        allowedCidrs = allowedCidrs == null ? List.of() : List.copyOf(allowedCidrs);
        deniedCidrs = deniedCidrs == null ? List.of() : List.copyOf(deniedCidrs);
    }

    /** The production defaults. */
    public static TargetPolicyConfig defaults() {
        return new TargetPolicyConfig(null, null, null, false, null, DEFAULT_MAX_TARGETS_PER_EVENT);
    }

    /** The defaults with loopback allowed: the embedded launcher's and the tests' setting. */
    public static TargetPolicyConfig loopbackAllowed() {
        return new TargetPolicyConfig(null, null, null, true, null, DEFAULT_MAX_TARGETS_PER_EVENT);
    }
}
