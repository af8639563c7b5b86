package io.postflight.decision;

import static org.assertj.core.api.Assertions.assertThat;

import io.postflight.contracts.Decision;
import io.postflight.contracts.DecisionKind;
import io.postflight.contracts.DeployAction;
import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.EventRef;
import io.postflight.contracts.Evidence;
import io.postflight.contracts.Phase;
import io.postflight.contracts.PhaseOutcome;
import io.postflight.contracts.PhaseResult;
import io.postflight.contracts.Verdict;
import io.postflight.contracts.VerdictState;
import io.postflight.contracts.VerificationStarted;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The promises the decision rules make to a CD system, one by one: at most one decision before
 * promotion, none after it but a drift rollback, nothing from a phase that was not asked for, and
 * every decision and verdict stamped with what it answers.
 */
class DecisionRulesGuaranteesTest {
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final Instant LATER = T0.plusSeconds(900);

    private static VerificationStarted started(String id, Phase... phases) {
        DeploymentRef d = new DeploymentRef(id, "checkout", "prod", "v-" + id, null, null);
        return new VerificationStarted(null, d, DeployAction.DEPLOYED, List.of(), List.of(phases), T0,
                new EventRef("ev-" + id, "/cd", "dev.cdevents.service.deployed.0.2.0", T0));
    }

    private static PhaseResult result(VerificationStarted v, Phase p, PhaseOutcome o) {
        return new PhaseResult(null, v.deployment(), p, o, p + " summary",
                List.of(Evidence.of(p.name().toLowerCase() + "-check", o == PhaseOutcome.FAILED, "detail",
                        Map.of("value", 1.0))),
                T0, T0.plusSeconds(60), v.deployEvent());
    }

    private static SlotState begin(VerificationStarted v) {
        return DecisionRules.onStarted(null, v, T0).state();
    }

    private static DecisionStep promoted(VerificationStarted v) {
        DecisionStep s = DecisionRules.onResult(begin(v), result(v, Phase.HEALTH, PhaseOutcome.PASSED), T0);
        s = DecisionRules.onResult(s.state(), result(v, Phase.BASELINE, PhaseOutcome.PASSED), T0);
        assertThat(s.decision().kind()).isEqualTo(DecisionKind.PROMOTE);
        return s;
    }

    @Test
    void driftPassingOrInconclusiveAfterAPromoteMakesNoSecondDecision() {
        VerificationStarted v = started("d1", Phase.HEALTH, Phase.BASELINE, Phase.DRIFT);
        for (PhaseOutcome o : List.of(PhaseOutcome.PASSED, PhaseOutcome.INCONCLUSIVE)) {
            DecisionStep after = DecisionRules.onResult(promoted(v).state(), result(v, Phase.DRIFT, o), LATER);
            assertThat(after.decision()).as("drift %s after PROMOTE", o).isNull();
            assertThat(after.alert()).isNull();
            assertThat(after.ignoredBecause()).isNull();
            assertThat(after.state().state()).isEqualTo(VerdictState.PROMOTED);
            assertThat(after.state().decisions()).extracting(Decision::kind).containsExactly(DecisionKind.PROMOTE);
            assertThat(after.state().outcomes()).containsEntry(Phase.DRIFT, o);
            assertThat(after.verdicts()).singleElement().satisfies(x -> {
                assertThat(x.state()).isEqualTo(VerdictState.PROMOTED);
                assertThat(x.phases()).containsEntry(Phase.DRIFT, o);
                assertThat(x.decision().kind()).isEqualTo(DecisionKind.PROMOTE);
                assertThat(x.updatedAt()).isEqualTo(LATER);
            });
        }
    }

    @Test
    void afterAPromoteOnlyTheDriftPhaseCanRollBack() {
        VerificationStarted v = started("d1", Phase.HEALTH, Phase.DRIFT);
        DecisionStep promote = DecisionRules.onResult(begin(v), result(v, Phase.HEALTH, PhaseOutcome.PASSED), T0);
        assertThat(promote.decision().kind()).isEqualTo(DecisionKind.PROMOTE);
        // a phase that was not planned (or a stray verifier) failing after the promotion
        DecisionStep stray = DecisionRules.onResult(promote.state(), result(v, Phase.BASELINE, PhaseOutcome.FAILED),
                LATER);
        assertThat(stray.decision()).isNull();
        assertThat(stray.state().state()).isEqualTo(VerdictState.PROMOTED);
    }

    @Test
    void aDriftFailureAfterARollbackOrAHoldDecidesNothingMore() {
        VerificationStarted v = started("d1", Phase.HEALTH, Phase.BASELINE, Phase.DRIFT);
        DecisionStep rollback = DecisionRules.onResult(begin(v), result(v, Phase.HEALTH, PhaseOutcome.FAILED), T0);
        assertThat(rollback.decision().postPromotion()).isFalse();
        assertThat(rollback.decision().decisionId()).isEqualTo("d1:rollback");
        DecisionStep drift = DecisionRules.onResult(rollback.state(), result(v, Phase.DRIFT, PhaseOutcome.FAILED), LATER);
        assertThat(drift.decision()).isNull();
        assertThat(drift.state().state()).isEqualTo(VerdictState.ROLLED_BACK);

        DecisionStep hold = DecisionRules.onResult(begin(v), result(v, Phase.HEALTH, PhaseOutcome.INCONCLUSIVE), T0);
        DecisionStep driftAfterHold = DecisionRules.onResult(hold.state(), result(v, Phase.DRIFT, PhaseOutcome.FAILED),
                LATER);
        assertThat(driftAfterHold.decision()).isNull();
        DecisionStep passAfterHold = DecisionRules.onResult(hold.state(), result(v, Phase.BASELINE,
                PhaseOutcome.PASSED), LATER);
        assertThat(passAfterHold.decision()).isNull();
        assertThat(passAfterHold.state().state()).isEqualTo(VerdictState.HELD);
    }

    @Test
    void aPromoteNamesEveryPhaseBeforeDriftAndCarriesTheLastOnesEvidence() {
        VerificationStarted v = started("d1", Phase.HEALTH, Phase.BASELINE, Phase.DRIFT);
        DecisionStep s = promoted(v);
        Decision d = s.decision();
        assertThat(d.decisionId()).isEqualTo("d1:promote");
        assertThat(d.postPromotion()).isFalse();
        assertThat(d.reasons()).containsExactly("HEALTH PASSED earlier", "BASELINE PASSED: BASELINE summary");
        assertThat(d.evidence()).extracting(Evidence::check).containsExactly("baseline-check");
        assertThat(d.phases()).containsOnly(Map.entry(Phase.HEALTH, PhaseOutcome.PASSED),
                Map.entry(Phase.BASELINE, PhaseOutcome.PASSED));
        assertThat(d.decidedAt()).isEqualTo(T0);
        assertThat(d.deployEvent().id()).isEqualTo("ev-d1");
        assertThat(s.alert()).isNull();
        assertThat(s.verdicts()).singleElement().satisfies(x -> {
            assertThat(x.state()).isEqualTo(VerdictState.PROMOTED);
            assertThat(x.decision()).isEqualTo(d);
            assertThat(x.supersededBy()).isNull();
        });
    }

    @Test
    void onePassedPhaseOfTwoDecidesNothingYet() {
        VerificationStarted v = started("d1", Phase.HEALTH, Phase.BASELINE);
        DecisionStep s = DecisionRules.onResult(begin(v), result(v, Phase.BASELINE, PhaseOutcome.PASSED), LATER);
        assertThat(s.decision()).isNull();
        assertThat(s.alert()).isNull();
        assertThat(s.state().state()).isEqualTo(VerdictState.VERIFYING);
        assertThat(s.state().hasDecision()).isFalse();
        assertThat(s.state().lastDecision()).isNull();
        assertThat(s.verdicts()).singleElement().satisfies(x -> {
            assertThat(x.state()).isEqualTo(VerdictState.VERIFYING);
            assertThat(x.phases()).containsOnly(Map.entry(Phase.BASELINE, PhaseOutcome.PASSED));
            assertThat(x.decision()).isNull();
            assertThat(x.updatedAt()).isEqualTo(LATER);
        });
    }

    @Test
    void aPlanOfDriftAloneIsNeverPromotedByItsOwnPass() {
        VerificationStarted v = started("d1", Phase.DRIFT);
        DecisionStep s = DecisionRules.onResult(begin(v), result(v, Phase.DRIFT, PhaseOutcome.PASSED), LATER);
        assertThat(s.decision()).isNull();
    }

    @Test
    void aHoldIsAWarningAndARollbackACriticalAlertBothWithTheirReasons() {
        VerificationStarted v = started("d1", Phase.HEALTH, Phase.BASELINE);
        DecisionStep hold = DecisionRules.onResult(begin(v), result(v, Phase.BASELINE, PhaseOutcome.INCONCLUSIVE),
                LATER);
        assertThat(hold.decision().decisionId()).isEqualTo("d1:hold");
        assertThat(hold.decision().reasons()).containsExactly("BASELINE INCONCLUSIVE: BASELINE summary");
        assertThat(hold.decision().evidence()).extracting(Evidence::check).containsExactly("baseline-check");
        assertThat(hold.decision().postPromotion()).isFalse();
        assertThat(hold.decision().decidedAt()).isEqualTo(LATER);
        assertThat(hold.state().state()).isEqualTo(VerdictState.HELD);
        assertThat(hold.state().decided(DecisionKind.HOLD)).isTrue();
        assertThat(hold.state().decided(DecisionKind.PROMOTE)).isFalse();
        assertThat(hold.alert().decision()).isEqualTo(hold.decision());
        assertThat(hold.verdicts()).extracting(Verdict::state).containsExactly(VerdictState.HELD);
    }

    @Test
    void theSameVerificationStartedTwiceIsIgnoredAndADecidedOneIsNotSuperseded() {
        VerificationStarted v = started("d1", Phase.HEALTH);
        DecisionStep dup = DecisionRules.onStarted(begin(v), v, LATER);
        assertThat(dup.ignoredBecause()).isEqualTo("duplicate verification of d1");
        assertThat(dup.state()).isNull();
        assertThat(dup.verdicts()).isEmpty();

        DecisionStep rolledBack = DecisionRules.onResult(begin(v), result(v, Phase.HEALTH, PhaseOutcome.FAILED), T0);
        VerificationStarted next = started("d2", Phase.HEALTH);
        DecisionStep s = DecisionRules.onStarted(rolledBack.state(), next, LATER);
        assertThat(s.verdicts()).extracting(Verdict::state).containsExactly(VerdictState.VERIFYING);
        assertThat(s.state().deploymentId()).isEqualTo("d2");
        assertThat(s.state().outcomes()).isEmpty();
        assertThat(s.state().startedAt()).isEqualTo(T0);
        assertThat(s.decision()).isNull();
        assertThat(s.verdicts().get(0).updatedAt()).isEqualTo(LATER);
    }

    @Test
    void aSupersededVerificationKeepsWhatItHadFoundInItsLastVerdict() {
        VerificationStarted old = started("d1", Phase.HEALTH, Phase.BASELINE);
        DecisionStep half = DecisionRules.onResult(begin(old), result(old, Phase.HEALTH, PhaseOutcome.PASSED), T0);
        DecisionStep s = DecisionRules.onStarted(half.state(), started("d2", Phase.HEALTH), LATER);
        Verdict superseded = s.verdicts().get(0);
        assertThat(superseded.deployment().deploymentId()).isEqualTo("d1");
        assertThat(superseded.phases()).containsOnly(Map.entry(Phase.HEALTH, PhaseOutcome.PASSED));
        assertThat(superseded.updatedAt()).isEqualTo(LATER);
        assertThat(superseded.deployEvent().id()).isEqualTo("ev-d1");
    }

    @Test
    void silenceIsIgnoredOnceDecidedOrWithNothingVerified() {
        VerificationStarted v = started("d1", Phase.HEALTH);
        assertThat(DecisionRules.onSilence(null, LATER, "quiet").ignoredBecause()).isEqualTo("nothing undecided");
        DecisionStep rollback = DecisionRules.onResult(begin(v), result(v, Phase.HEALTH, PhaseOutcome.FAILED), T0);
        DecisionStep s = DecisionRules.onSilence(rollback.state(), LATER, "quiet");
        assertThat(s.ignoredBecause()).isEqualTo("nothing undecided");
        assertThat(s.decision()).isNull();
        DecisionStep hold = DecisionRules.onSilence(begin(v), LATER, "no result for 2 h");
        assertThat(hold.decision().reasons()).containsExactly("no result for 2 h");
        assertThat(hold.decision().evidence()).isEmpty();
        assertThat(hold.state().state()).isEqualTo(VerdictState.HELD);
    }

    @Test
    void aResultWithNoVerificationInProgressIsIgnoredWithItsDeployment() {
        VerificationStarted v = started("d9", Phase.HEALTH);
        DecisionStep s = DecisionRules.onResult(null, result(v, Phase.HEALTH, PhaseOutcome.FAILED), T0);
        assertThat(s.ignoredBecause()).isEqualTo("no verification of d9 in progress (superseded or unknown)");
        assertThat(s.decision()).isNull();
    }

    @Test
    void slotStateCopiesItsInputsAndRecordingAnOutcomeLeavesTheOldStateAlone() {
        VerificationStarted v = started("d1", Phase.HEALTH, Phase.BASELINE);
        SlotState s = begin(v);
        SlotState with = s.withOutcome(Phase.HEALTH, PhaseOutcome.PASSED);
        assertThat(s.outcomes()).isEmpty();
        assertThat(with.outcomes()).containsOnly(Map.entry(Phase.HEALTH, PhaseOutcome.PASSED));
        assertThat(with.phases()).containsExactly(Phase.HEALTH, Phase.BASELINE);
        SlotState empty = new SlotState(v.deployment(), v.deployEvent(), null, null, VerdictState.VERIFYING, null, T0);
        assertThat(empty.phases()).isEmpty();
        assertThat(empty.outcomes()).isEmpty();
        assertThat(empty.decisions()).isEmpty();
        assertThat(DecisionStep.ignored("why").verdicts()).isEmpty();
        assertThat(new DecisionStep(null, null, null, null, null).verdicts()).isEmpty();
    }
}
