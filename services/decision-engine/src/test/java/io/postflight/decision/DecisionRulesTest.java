package io.postflight.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.postflight.contracts.DecisionKind;
import io.postflight.contracts.DeployAction;
import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.EventRef;
import io.postflight.contracts.Evidence;
import io.postflight.contracts.Phase;
import io.postflight.contracts.PhaseOutcome;
import io.postflight.contracts.PhaseResult;
import io.postflight.contracts.VerdictState;
import io.postflight.contracts.VerificationStarted;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DecisionRulesTest {
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    private static VerificationStarted started(String id, Phase... phases) {
        DeploymentRef d = new DeploymentRef(id, "checkout", "prod", "v-" + id, null, null);
        return new VerificationStarted(null, d, DeployAction.DEPLOYED, List.of(), List.of(phases), T0,
                new EventRef("ev-" + id, "/cd", "dev.cdevents.service.deployed.0.2.0", T0));
    }

    private static PhaseResult result(VerificationStarted v, Phase p, PhaseOutcome o) {
        return new PhaseResult(null, v.deployment(), p, o, p + " summary",
                List.of(Evidence.of("check", o == PhaseOutcome.FAILED, "detail", Map.of("value", 1.0))),
                T0, T0.plusSeconds(60), v.deployEvent());
    }

    private static SlotState begin(VerificationStarted v) {
        return DecisionRules.onStarted(null, v, T0).state();
    }

    @Test
    void aFailedPhaseRollsBackAtOnceWithItsEvidenceAndAnAlert() {
        VerificationStarted v = started("d1", Phase.HEALTH, Phase.BASELINE);
        DecisionStep s = DecisionRules.onResult(begin(v), result(v, Phase.HEALTH, PhaseOutcome.FAILED), T0);
        assertThat(s.decision().kind()).isEqualTo(DecisionKind.ROLLBACK);
        assertThat(s.decision().reasons()).containsExactly("HEALTH FAILED: HEALTH summary");
        assertThat(s.decision().evidence()).hasSize(1);
        assertThat(s.decision().deployEvent().id()).isEqualTo("ev-d1");
        assertThat(s.alert().severity()).isEqualTo("critical");
        assertThat(s.verdicts()).extracting(x -> x.state()).containsExactly(VerdictState.ROLLED_BACK);
    }

    /**
     * The baseline phase's fast checks run while HEALTH is still probing (issue 9, finding 1): a
     * BASELINE FAILED can come first. It rolls back at once; a HEALTH result arriving afterwards,
     * passed or failed, only completes the verdict and never makes a second decision.
     */
    @Test
    void aBaselineFailureBeforeHealthFinishedRollsBackAndALaterHealthResultDecidesNothing() {
        VerificationStarted v = started("d1", Phase.HEALTH, Phase.BASELINE, Phase.DRIFT);
        DecisionStep rollback = DecisionRules.onResult(begin(v), result(v, Phase.BASELINE, PhaseOutcome.FAILED), T0);
        assertThat(rollback.decision().kind()).isEqualTo(DecisionKind.ROLLBACK);
        assertThat(rollback.decision().phases()).containsOnlyKeys(Phase.BASELINE);
        assertThat(rollback.decision().postPromotion()).isFalse();

        for (PhaseOutcome health : PhaseOutcome.values()) {
            DecisionStep later = DecisionRules.onResult(rollback.state(), result(v, Phase.HEALTH, health), T0);
            assertThat(later.decision()).as("HEALTH %s after the rollback", health).isNull();
            assertThat(later.alert()).isNull();
            assertThat(later.state().state()).isEqualTo(VerdictState.ROLLED_BACK);
            assertThat(later.verdicts()).singleElement().satisfies(x -> assertThat(x.phases())
                    .containsEntry(Phase.HEALTH, health).containsEntry(Phase.BASELINE, PhaseOutcome.FAILED));
        }
    }

    @Test
    void promotesOnlyWhenEveryPhaseBeforeDriftPassed() {
        VerificationStarted v = started("d1", Phase.HEALTH, Phase.BASELINE, Phase.DRIFT);
        DecisionStep s1 = DecisionRules.onResult(begin(v), result(v, Phase.HEALTH, PhaseOutcome.PASSED), T0);
        assertThat(s1.decision()).isNull();
        DecisionStep s2 = DecisionRules.onResult(s1.state(), result(v, Phase.BASELINE, PhaseOutcome.PASSED), T0);
        assertThat(s2.decision().kind()).isEqualTo(DecisionKind.PROMOTE);
        assertThat(s2.alert()).isNull();
        assertThat(s2.state().state()).isEqualTo(VerdictState.PROMOTED);
    }

    @Test
    void inconclusiveHoldsAndNothingContradictsItLater() {
        VerificationStarted v = started("d1", Phase.HEALTH, Phase.BASELINE);
        DecisionStep hold = DecisionRules.onResult(begin(v), result(v, Phase.HEALTH, PhaseOutcome.INCONCLUSIVE), T0);
        assertThat(hold.decision().kind()).isEqualTo(DecisionKind.HOLD);
        assertThat(hold.alert().severity()).isEqualTo("warning");
        DecisionStep later = DecisionRules.onResult(hold.state(), result(v, Phase.BASELINE, PhaseOutcome.FAILED), T0);
        assertThat(later.decision()).isNull();
    }

    @Test
    void aDriftFailureAfterPromotionRollsBackMarkedPostPromotion() {
        VerificationStarted v = started("d1", Phase.HEALTH, Phase.DRIFT);
        DecisionStep promote = DecisionRules.onResult(begin(v), result(v, Phase.HEALTH, PhaseOutcome.PASSED), T0);
        assertThat(promote.decision().kind()).isEqualTo(DecisionKind.PROMOTE);
        DecisionStep late = DecisionRules.onResult(promote.state(), result(v, Phase.DRIFT, PhaseOutcome.FAILED), T0);
        assertThat(late.decision().kind()).isEqualTo(DecisionKind.ROLLBACK);
        assertThat(late.decision().postPromotion()).isTrue();
        assertThat(late.decision().decisionId()).isEqualTo("d1:rollback:post-promotion");
        assertThat(late.state().decisions()).extracting(d -> d.kind())
                .containsExactly(DecisionKind.PROMOTE, DecisionKind.ROLLBACK);
    }

    @Test
    void aRepeatedPhaseResultIsIgnoredSoNoSecondDecision() {
        VerificationStarted v = started("d1", Phase.HEALTH);
        DecisionStep first = DecisionRules.onResult(begin(v), result(v, Phase.HEALTH, PhaseOutcome.FAILED), T0);
        DecisionStep again = DecisionRules.onResult(first.state(), result(v, Phase.HEALTH, PhaseOutcome.FAILED), T0);
        assertThat(again.ignoredBecause()).contains("already reported");
    }

    @Test
    void aNewDeploymentSupersedesTheUndecidedOneAndItsLateResultsAreIgnored() {
        VerificationStarted old = started("d1", Phase.HEALTH);
        VerificationStarted neu = started("d2", Phase.HEALTH);
        DecisionStep s = DecisionRules.onStarted(begin(old), neu, T0.plusSeconds(5));
        assertThat(s.verdicts()).extracting(x -> x.state())
                .containsExactly(VerdictState.SUPERSEDED, VerdictState.VERIFYING);
        assertThat(s.verdicts().get(0).supersededBy()).isEqualTo("d2");
        DecisionStep late = DecisionRules.onResult(s.state(), result(old, Phase.HEALTH, PhaseOutcome.FAILED), T0);
        assertThat(late.ignoredBecause()).contains("d1");
    }

    @Test
    void silenceFromAVerifierBecomesAHoldNotAPass() {
        VerificationStarted v = started("d1", Phase.HEALTH, Phase.BASELINE);
        DecisionStep s = DecisionRules.onSilence(begin(v), T0.plusSeconds(7200), "no result");
        assertThat(s.decision().kind()).isEqualTo(DecisionKind.HOLD);
    }
}
