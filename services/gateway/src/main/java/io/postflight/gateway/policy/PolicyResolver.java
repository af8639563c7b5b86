package io.postflight.gateway.policy;

import io.postflight.contracts.DeployAction;
import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.Phase;
import io.postflight.contracts.VerificationPolicy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Finds the policy of a deployment, most specific first: the entry for its service and
 * environment, else the one for its service (any environment), else the one for its environment
 * (any service), else the default entry (neither set), else {@link VerificationPolicy#DEFAULT}.
 * A service is named by its owners and a service-only policy is their statement about the
 * service, so it outranks an environment-wide one. Ambiguity is refused at start-up: two entries
 * for the same service and environment, or a {@code PROMOTE_ON_HEALTH} policy whose deployments
 * run no HEALTH phase (it would promote on nothing).
 */
public class PolicyResolver {
    private final MostSpecific<PolicyEntry> entries = new MostSpecific<>();
    private final List<Phase> phases;
    private final List<Phase> rollbackPhases;

    /**
     * @param entries the configured policies
     * @param phases phases a deployed or upgraded version runs unless its policy says otherwise
     * @param rollbackPhases phases a rolled-back version runs (policies do not change them)
     */
    public PolicyResolver(List<PolicyEntry> entries, List<Phase> phases, List<Phase> rollbackPhases) {
        this.phases = List.copyOf(phases);
        this.rollbackPhases = List.copyOf(rollbackPhases);
        List<String> problems = new ArrayList<>();
        for (PolicyEntry e : entries.stream().sorted(Comparator.comparing(PolicyEntry::name)).toList()) {
            PolicyEntry clash = this.entries.putIfAbsent(e.service(), e.environment(), e);
            if (clash != null) {
                problems.add("postflight.policies." + clash.name() + " and postflight.policies." + e.name()
                        + " both apply to " + MostSpecific.describe(e.service(), e.environment())
                        + ": give each service/environment pair one policy");
            }
            List<Phase> run = e.phases() != null ? e.phases() : phases;
            if (e.toPolicy().promotesOnHealth() && !run.contains(Phase.HEALTH)) {
                problems.add("postflight.policies." + e.name() + ".on-inconclusive PROMOTE_ON_HEALTH needs a HEALTH"
                        + " phase to promote on, but its deployments run " + run);
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid policies:\n  - " + String.join("\n  - ", problems));
        }
    }

    /** The policy for a deployment of {@code deployment.service()} in {@code deployment.environment()}. */
    public VerificationPolicy policyFor(DeploymentRef deployment) {
        return entryFor(deployment).map(PolicyEntry::toPolicy).orElse(VerificationPolicy.DEFAULT);
    }

    /** Phases a deployment runs: the policy's for a deployed or upgraded version, else the gateway's. */
    public List<Phase> phasesFor(DeploymentRef deployment, DeployAction action) {
        if (action == DeployAction.ROLLED_BACK) {
            return rollbackPhases;
        }
        return entryFor(deployment).map(PolicyEntry::phases).orElse(phases);
    }

    private Optional<PolicyEntry> entryFor(DeploymentRef d) {
        return entries.find(d);
    }
}
