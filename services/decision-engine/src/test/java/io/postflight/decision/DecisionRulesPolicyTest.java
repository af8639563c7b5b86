package io.postflight.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.postflight.contracts.Decision;
import io.postflight.contracts.DecisionKind;
import io.postflight.contracts.DeployAction;
import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.EventRef;
import io.postflight.contracts.Evidence;
import io.postflight.contracts.InconclusiveAction;
import io.postflight.contracts.Phase;
import io.postflight.contracts.PhaseOutcome;
import io.postflight.contracts.PhaseResult;
import io.postflight.contracts.VerdictState;
import io.postflight.contracts.VerificationPolicy;
import io.postflight.contracts.VerificationStarted;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What an INCONCLUSIVE phase leads to under the deployment's policy: HOLD by default ("no evidence
 * is never a pass"); with the explicit PROMOTE_ON_HEALTH opt-in, a PROMOTE on HEALTH alone when
 * only BASELINE was INCONCLUSIVE, named as such. Every decision names its policy.
 */
class DecisionRulesPolicyTest {
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final VerificationPolicy OPT_IN = new VerificationPolicy("admin-ui", "service",
            InconclusiveAction.PROMOTE_ON_HEALTH, null, null, null, null, null, null, null);

    private static VerificationStarted started(VerificationPolicy policy, Phase... phases) {
        DeploymentRef d = new DeploymentRef("d1", "admin-ui", "prod", "2.0", null, "1.9");
        return new VerificationStarted(null, d, DeployAction.DEPLOYED, List.of(), List.of(phases), T0,
                new EventRef("ev-d1", "/cd", "dev.cdevents.service.deployed.0.2.0", T0), policy);
    }

    private static PhaseResult result(VerificationStarted v, Phase p, PhaseOutcome o) {
        return new PhaseResult(null, v.deployment(), p, o, p + " summary",
                List.of(Evidence.of(p.name().toLowerCase() + "-check", o == PhaseOutcome.FAILED, "detail",
                        Map.of())), T0, T0.plusSeconds(60), v.deployEvent());
    }

    private static DecisionStep after(VerificationStarted v, PhaseOutcome... outcomes) {
        SlotState s = DecisionRules.onStarted(null, v, T0).state();
        DecisionStep step = null;
        for (int i = 0; i < outcomes.length; i++) {
            step = DecisionRules.onResult(s, result(v, v.phases().get(i), outcomes[i]), T0.plusSeconds(i));
            s = step.state();
        }
        return step;
    }

    private static Evidence policyEvidence(Decision d) {
        return d.evidence().stream().filter(e -> e.check().equals("policy")).findFirst().orElseThrow();
    }

    @Test
    void byDefaultAnInconclusiveBaselineHoldsAndTheHoldNamesTheDefaultPolicy() {
        VerificationStarted v = started(null, Phase.HEALTH, Phase.BASELINE, Phase.DRIFT);

        Decision d = after(v, PhaseOutcome.PASSED, PhaseOutcome.INCONCLUSIVE).decision();

        assertThat(d.kind()).isEqualTo(DecisionKind.HOLD);
        assertThat(d.reasons()).containsExactly("BASELINE INCONCLUSIVE: BASELINE summary");
        assertThat(policyEvidence(d).summary()).isEqualTo("policy default (default): on-inconclusive HOLD");
        assertThat(policyEvidence(d).breached()).isFalse();
        assertThat(policyEvidence(d).labels()).containsEntry("onInconclusive", "HOLD").containsEntry("policy", "default");
    }

    @Test
    void withTheOptInAnInconclusiveBaselineAfterHealthPassedIsPromotedAndTheDecisionSaysWhy() {
        VerificationStarted v = started(OPT_IN, Phase.HEALTH, Phase.BASELINE, Phase.DRIFT);

        DecisionStep s = after(v, PhaseOutcome.PASSED, PhaseOutcome.INCONCLUSIVE);

        Decision d = s.decision();
        assertThat(d.kind()).isEqualTo(DecisionKind.PROMOTE);
        assertThat(d.decisionId()).isEqualTo("d1:promote");
        assertThat(d.reasons()).containsExactly("HEALTH PASSED earlier", "BASELINE INCONCLUSIVE: BASELINE summary",
                "policy admin-ui (service): on-inconclusive PROMOTE_ON_HEALTH (opt-in): promoted on HEALTH alone,"
                        + " BASELINE was INCONCLUSIVE");
        assertThat(d.evidence()).extracting(Evidence::check).containsExactly("baseline-check", "policy");
        assertThat(policyEvidence(d).labels()).containsEntry("onInconclusive", "PROMOTE_ON_HEALTH")
                .containsEntry("matched", "service").containsEntry("policy", "admin-ui");
        assertThat(s.state().state()).isEqualTo(VerdictState.PROMOTED);
        assertThat(s.alert()).isNull();
    }

    @Test
    void withTheOptInAnInconclusiveBaselineBeforeHealthWaitsForHealth() {
        VerificationStarted v = started(OPT_IN, Phase.BASELINE, Phase.HEALTH, Phase.DRIFT);

        DecisionStep waiting = after(v, PhaseOutcome.INCONCLUSIVE);
        assertThat(waiting.decision()).isNull();
        assertThat(waiting.state().state()).isEqualTo(VerdictState.VERIFYING);

        Decision promote = after(v, PhaseOutcome.INCONCLUSIVE, PhaseOutcome.PASSED).decision();
        assertThat(promote.kind()).isEqualTo(DecisionKind.PROMOTE);
        assertThat(promote.reasons()).containsExactly("BASELINE INCONCLUSIVE earlier", "HEALTH PASSED: HEALTH summary",
                "policy admin-ui (service): on-inconclusive PROMOTE_ON_HEALTH (opt-in): promoted on HEALTH alone,"
                        + " BASELINE was INCONCLUSIVE");
        assertThat(after(v, PhaseOutcome.INCONCLUSIVE, PhaseOutcome.INCONCLUSIVE).decision().kind())
                .isEqualTo(DecisionKind.HOLD);
        assertThat(after(v, PhaseOutcome.INCONCLUSIVE, PhaseOutcome.FAILED).decision().kind())
                .isEqualTo(DecisionKind.ROLLBACK);
    }

    @Test
    void theOptInNeverPromotesWithoutHealthEvidence() {
        // An INCONCLUSIVE HEALTH still holds: "on health alone" needs a health that passed.
        assertThat(after(started(OPT_IN, Phase.HEALTH, Phase.BASELINE), PhaseOutcome.INCONCLUSIVE).decision().kind())
                .isEqualTo(DecisionKind.HOLD);
        // Without a HEALTH phase there is nothing to promote on (the gateway refuses such a policy too).
        Decision noHealth = after(started(OPT_IN, Phase.BASELINE, Phase.DRIFT), PhaseOutcome.INCONCLUSIVE).decision();
        assertThat(noHealth.kind()).isEqualTo(DecisionKind.HOLD);
        assertThat(policyEvidence(noHealth).summary())
                .isEqualTo("policy admin-ui (service): on-inconclusive PROMOTE_ON_HEALTH (opt-in)");
    }

    @Test
    void theOptInDoesNotSoftenAFailure() {
        VerificationStarted v = started(OPT_IN, Phase.HEALTH, Phase.BASELINE, Phase.DRIFT);

        assertThat(after(v, PhaseOutcome.PASSED, PhaseOutcome.FAILED).decision().kind())
                .isEqualTo(DecisionKind.ROLLBACK);
    }

    @Test
    void aPromoteOnEvidenceUnderTheOptInDoesNotClaimTheOptIn() {
        VerificationStarted v = started(OPT_IN, Phase.HEALTH, Phase.BASELINE, Phase.DRIFT);

        Decision d = after(v, PhaseOutcome.PASSED, PhaseOutcome.PASSED).decision();

        assertThat(d.kind()).isEqualTo(DecisionKind.PROMOTE);
        assertThat(d.reasons()).containsExactly("HEALTH PASSED earlier", "BASELINE PASSED: BASELINE summary");
    }

    @Test
    void aPromotedDeploymentUnderTheOptInStillRollsBackOnDriftAndAnInconclusiveDriftDecidesNothing() {
        VerificationStarted v = started(OPT_IN, Phase.HEALTH, Phase.BASELINE, Phase.DRIFT);

        DecisionStep rollback = after(v, PhaseOutcome.PASSED, PhaseOutcome.INCONCLUSIVE, PhaseOutcome.FAILED);
        assertThat(rollback.decision().kind()).isEqualTo(DecisionKind.ROLLBACK);
        assertThat(rollback.decision().postPromotion()).isTrue();
        assertThat(after(v, PhaseOutcome.PASSED, PhaseOutcome.INCONCLUSIVE, PhaseOutcome.INCONCLUSIVE).decision())
                .isNull();
    }

    @Test
    void thePolicyEvidenceCarriesEveryKnobThatWasSet() {
        VerificationPolicy p = new VerificationPolicy("checkout-prod", "service/environment", InconclusiveAction.HOLD,
                500L, 1.2, 0.002, 1.3, 0.004, Duration.ofMinutes(20), Duration.ofMinutes(45));

        Evidence e = PolicyEvidence.of(p);

        assertThat(e.figures()).containsOnly(Map.entry("minRequests", 500.0), Map.entry("errorRatioTolerance", 1.2),
                Map.entry("errorExcessTolerance", 0.002), Map.entry("latencyRatioTolerance", 1.3),
                Map.entry("latencyExcessTolerance", 0.004), Map.entry("baselineWindowSeconds", 1200.0),
                Map.entry("maxExtensionSeconds", 2700.0));
        assertThat(PolicyEvidence.of(VerificationPolicy.DEFAULT).figures()).isEmpty();
        assertThat(e.summary()).isEqualTo("policy checkout-prod (service/environment): on-inconclusive HOLD");
    }

    @Test
    void aSlotStoredBeforePoliciesExistedRunsUnderTheDefault() {
        VerificationStarted v = started(null, Phase.HEALTH);
        SlotState old = new SlotState(v.deployment(), v.deployEvent(), List.of(Phase.HEALTH), null,
                VerdictState.VERIFYING, null, T0);

        assertThat(old.policy()).isEqualTo(VerificationPolicy.DEFAULT);
        assertThat(old.withOutcome(Phase.HEALTH, PhaseOutcome.PASSED).policy()).isEqualTo(VerificationPolicy.DEFAULT);
        SlotState optIn = DecisionRules.onStarted(null, started(OPT_IN, Phase.HEALTH), T0).state();
        assertThat(optIn.withOutcome(Phase.HEALTH, PhaseOutcome.PASSED).policy()).isEqualTo(OPT_IN);
    }
}
