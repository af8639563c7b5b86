package io.postflight.verdict.release;

import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Nullable;
import io.postflight.verdict.gate.GateConfig;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The release policies by environment, created when the application starts ({@link Context}) so a
 * malformed policy (a window, a freeze, a missing lower environment), or roles that mix approving
 * with deploying, stop start-up naming the property, instead of failing every gate request later
 * while the service reports itself ready.
 */
@Context
public class ReleasePolicies {
    private final Map<String, ReleasePolicy> byEnvironment;

    public ReleasePolicies(List<ReleasePolicy> policies, ReleaseGateConfig gate, GateConfig gates) {
        // Whoever deploys must not approve: the pipeline's gate roles stay apart from the approvers'.
        for (String role : gates.roles()) {
            if (gate.approverRoles().contains(role) || gate.emergencyRoles().contains(role)) {
                throw new IllegalArgumentException(ReleaseGateConfig.PREFIX + ": the role " + role + " is also a gate"
                        + " role (" + GateConfig.PREFIX + ".roles): whoever deploys must not approve or grant exceptions");
            }
            if (gate.scannerRoles().contains(role)) {
                throw new IllegalArgumentException(ReleaseGateConfig.PREFIX + ".scanner-roles: the role " + role
                        + " is also a gate role (" + GateConfig.PREFIX + ".roles): whoever deploys must not vouch for"
                        + " the artifact's scan unsigned (a pipeline hands over a signed attestation instead)");
            }
        }
        this.byEnvironment = policies.stream().collect(Collectors.toUnmodifiableMap(ReleasePolicy::name,
                Function.identity()));
    }

    /** The policy of {@code environment}, or {@code null} when it has none. */
    public @Nullable ReleasePolicy of(String environment) {
        return byEnvironment.get(environment);
    }

    public boolean has(String environment) {
        return byEnvironment.containsKey(environment);
    }
}
