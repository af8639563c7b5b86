package io.postflight.gateway.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.postflight.contracts.DeployAction;
import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.InconclusiveAction;
import io.postflight.contracts.Phase;
import io.postflight.contracts.VerificationPolicy;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Matching precedence (service/environment, service, environment, default) and start-up validation. */
class PolicyResolverTest {
    private static final List<Phase> PHASES = List.of(Phase.HEALTH, Phase.BASELINE, Phase.DRIFT);

    static PolicyEntry entry(String name, String service, String environment) {
        return new PolicyEntry(name, service, environment, null, null, null, null, null, null, null, null, null, null);
    }

    static PolicyEntry optIn(String name, String service, String environment, List<Phase> phases) {
        return new PolicyEntry(name, service, environment, phases, InconclusiveAction.PROMOTE_ON_HEALTH, null, null,
                null, null, null, null, null, null);
    }

    private static DeploymentRef deployment(String service, String environment) {
        return new DeploymentRef("d-1", service, environment, "2.0.0", null, "1.9.0");
    }

    private static PolicyResolver resolver(PolicyEntry... entries) {
        return new PolicyResolver(List.of(entries), PHASES, List.of(Phase.HEALTH));
    }

    @Test
    void theMostSpecificEntryWinsServiceAndEnvironmentThenServiceThenEnvironmentThenDefault() {
        PolicyResolver r = resolver(entry("fallback", null, null), entry("all-prod", null, "prod"),
                entry("checkout-any", "checkout", null), entry("checkout-prod", "checkout", "prod"));

        assertThat(r.policyFor(deployment("checkout", "prod")).name()).isEqualTo("checkout-prod");
        assertThat(r.policyFor(deployment("checkout", "staging")).name()).isEqualTo("checkout-any");
        assertThat(r.policyFor(deployment("search", "prod")).name()).isEqualTo("all-prod");
        assertThat(r.policyFor(deployment("search", "staging")).name()).isEqualTo("fallback");
        assertThat(r.policyFor(deployment("checkout", "prod")).matched()).isEqualTo("service/environment");
        assertThat(r.policyFor(deployment("checkout", "staging")).matched()).isEqualTo("service");
        assertThat(r.policyFor(deployment("search", "prod")).matched()).isEqualTo("environment");
        assertThat(r.policyFor(deployment("search", "staging")).matched()).isEqualTo("default");
    }

    @Test
    void aServiceOnlyPolicyOutranksAnEnvironmentWidePolicy() {
        PolicyResolver r = resolver(entry("all-prod", null, "prod"), entry("checkout-any", "checkout", null));

        assertThat(r.policyFor(deployment("checkout", "prod")).name()).isEqualTo("checkout-any");
    }

    @Test
    void withoutAMatchingEntryTheBuiltInDefaultHolds() {
        VerificationPolicy p = resolver(entry("checkout-prod", "checkout", "prod"))
                .policyFor(deployment("search", "prod"));

        assertThat(p).isEqualTo(VerificationPolicy.DEFAULT);
        assertThat(p.onInconclusive()).isEqualTo(InconclusiveAction.HOLD);
    }

    @Test
    void theEntrysKnobsAreCarriedAndUnsetOnesStayAbsent() {
        PolicyEntry e = new PolicyEntry("checkout-prod", "checkout", "prod", null, null, 500L, 1.2, 0.002, null, null,
                Duration.ofMinutes(20), Duration.ofMinutes(45), null);

        VerificationPolicy p = resolver(e).policyFor(deployment("checkout", "prod"));

        assertThat(p).isEqualTo(new VerificationPolicy("checkout-prod", "service/environment", InconclusiveAction.HOLD,
                500L, 1.2, 0.002, null, null, Duration.ofMinutes(20), Duration.ofMinutes(45)));
    }

    @Test
    void aPolicyChoosesThePhasesOfADeploymentButNotOfARollback() {
        PolicyResolver r = resolver(new PolicyEntry("batch", "batch", null, List.of(Phase.HEALTH, Phase.DRIFT), null,
                null, null, null, null, null, null, null, null));

        assertThat(r.phasesFor(deployment("batch", "prod"), DeployAction.DEPLOYED))
                .containsExactly(Phase.HEALTH, Phase.DRIFT);
        assertThat(r.phasesFor(deployment("batch", "prod"), DeployAction.ROLLED_BACK)).containsExactly(Phase.HEALTH);
        assertThat(r.phasesFor(deployment("search", "prod"), DeployAction.UPGRADED)).isEqualTo(PHASES);
    }

    @Test
    void twoEntriesForTheSameServiceAndEnvironmentAreRefusedNamingBoth() {
        assertThatThrownBy(() -> resolver(entry("a", "checkout", "prod"), entry("b", "checkout", "prod")))
                .hasMessageContaining("postflight.policies.a and postflight.policies.b both apply to service"
                        + " checkout in environment prod");
        assertThatThrownBy(() -> resolver(entry("a", null, null), entry("b", " ", null)))
                .hasMessageContaining("both apply to every service in every environment");
    }

    @Test
    void anOptInToPromoteOnHealthIsRefusedWhenItsDeploymentsRunNoHealthPhase() {
        assertThatThrownBy(() -> resolver(optIn("tools", "admin-ui", null, List.of(Phase.BASELINE))))
                .hasMessageContaining("postflight.policies.tools.on-inconclusive PROMOTE_ON_HEALTH needs a HEALTH"
                        + " phase");
        assertThat(resolver(optIn("tools", "admin-ui", null, null)).policyFor(deployment("admin-ui", "prod"))
                .describe()).isEqualTo("policy tools (service): on-inconclusive PROMOTE_ON_HEALTH (opt-in)");
    }

    @Test
    void outOfRangeKnobsAreRefusedNamingTheProperty() {
        assertThatThrownBy(() -> new PolicyEntry("p", "s", null, null, null, null, 0.8, null, null, null, null, null, null)).hasMessage("postflight.policies.p.error-ratio-tolerance must be at least 1 (a factor above"
                        + " the comparison): 0.8");
        assertThatThrownBy(() -> new PolicyEntry("p", "s", null, null, null, null, null, null, null, 1.5, null, null, null)).hasMessageStartingWith("postflight.policies.p.latency-excess-tolerance must be a fraction");
        assertThatThrownBy(() -> new PolicyEntry("p", "s", null, null, null, -1L, null, null, null, null, null, null, null)).hasMessageStartingWith("postflight.policies.p.min-requests must not be negative");
        assertThatThrownBy(() -> new PolicyEntry("p", "s", null, null, null, null, null, null, null, null,
                Duration.ZERO, null, null)).hasMessageStartingWith("postflight.policies.p.baseline-window must be"
                        + " positive");
        assertThatThrownBy(() -> new PolicyEntry("p", "s", null, null, null, null, null, null, null, null, null,
                Duration.ofMinutes(-1), null)).hasMessageStartingWith("postflight.policies.p.max-extension");
        assertThatThrownBy(() -> new PolicyEntry("p", "s", null, null, null, null, null, null, null, null, null, null,
                0.3)).hasMessageStartingWith("postflight.policies.p.pass-confidence must be 0 (off) or from 0.5");
        assertThatThrownBy(() -> new PolicyEntry("p", "s", null, List.of(Phase.HEALTH, Phase.HEALTH), null, null,
                null, null, null, null, null, null, null)).hasMessageContaining("lists a phase twice");
    }
}
