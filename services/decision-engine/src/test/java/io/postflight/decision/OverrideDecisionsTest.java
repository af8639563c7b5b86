package io.postflight.decision;

import static io.postflight.decision.OverrideRulesTest.after;
import static io.postflight.decision.OverrideRulesTest.command;
import static io.postflight.decision.OverrideRulesTest.started;
import static org.assertj.core.api.Assertions.assertThat;

import io.postflight.contracts.AuditOutcome;
import io.postflight.contracts.DecisionKind;
import io.postflight.contracts.Evidence;
import io.postflight.contracts.OverrideAction;
import io.postflight.contracts.Phase;
import io.postflight.contracts.PhaseOutcome;
import io.postflight.contracts.VerdictState;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What an applied or refused override publishes: decision, verdict, audit record. */
class OverrideDecisionsTest {
    private static final Instant NOW = Instant.parse("2026-11-22T11:00:00Z");

    private static SlotState held() {
        return after(DecisionRules.onStarted(null, started("checkout-42"), NOW).state(), Phase.HEALTH,
                PhaseOutcome.INCONCLUSIVE);
    }

    @Test
    void releasingAHoldToPromotePublishesAPromoteNamingWhoAndWhy() {
        var result = OverrideDecisions.apply(held(), command(OverrideAction.RELEASE_HOLD, DecisionKind.PROMOTE, null),
                NOW);

        var d = result.step().decision();
        assertThat(d.kind()).isEqualTo(DecisionKind.PROMOTE);
        assertThat(d.decisionId()).isEqualTo("checkout-42:promote");
        assertThat(d.override().who()).isEqualTo("alice");
        assertThat(d.reasons()).containsExactly("override by alice: RELEASE_HOLD to PROMOTE (verdict was HELD):"
                + " checked by hand");
        assertThat(d.evidence()).extracting(Evidence::check).containsExactly("override", "policy");
        assertThat(d.evidence().get(0).labels()).containsEntry("who", "alice").containsEntry("overrideId",
                "ov-RELEASE_HOLD");
        assertThat(result.step().verdicts()).singleElement().satisfies(v -> {
            assertThat(v.state()).isEqualTo(VerdictState.PROMOTED);
            assertThat(v.decision()).isEqualTo(d);
        });
        assertThat(result.step().alert()).isNull();
        assertThat(result.audit().outcome()).isEqualTo(AuditOutcome.APPLIED);
        assertThat(result.audit().verdictBefore()).isEqualTo(VerdictState.HELD);
        assertThat(result.audit().verdictAfter()).isEqualTo(VerdictState.PROMOTED);
        assertThat(result.audit().decisionId()).isEqualTo("checkout-42:promote");
        assertThat(result.audit().recordedAt()).isEqualTo(NOW);
    }

    @Test
    void aRollbackAfterPromotionIsMarkedPostPromotionAndPages() {
        SlotState promoted = after(after(DecisionRules.onStarted(null, started("checkout-42"), NOW).state(),
                Phase.HEALTH, PhaseOutcome.PASSED), Phase.BASELINE, PhaseOutcome.PASSED);

        var result = OverrideDecisions.apply(promoted, command(OverrideAction.ROLLBACK, null, null), NOW);

        assertThat(result.step().decision().postPromotion()).isTrue();
        assertThat(result.step().decision().decisionId()).isEqualTo("checkout-42:rollback:post-promotion");
        assertThat(result.step().alert().severity()).isEqualTo("critical");
        assertThat(result.audit().verdictAfter()).isEqualTo(VerdictState.ROLLED_BACK);
    }

    @Test
    void anAbortEndsTheVerificationWithoutADecisionAndLaterEvidenceChangesNothing() {
        SlotState verifying = DecisionRules.onStarted(null, started("checkout-42"), NOW).state();

        var result = OverrideDecisions.apply(verifying, command(OverrideAction.ABORT, null, null), NOW);

        assertThat(result.step().decision()).isNull();
        assertThat(result.step().verdicts()).singleElement()
                .satisfies(v -> assertThat(v.state()).isEqualTo(VerdictState.ABORTED));
        SlotState aborted = result.step().state();
        var late = DecisionRules.onResult(aborted, new io.postflight.contracts.PhaseResult(null,
                aborted.deployment(), Phase.HEALTH, PhaseOutcome.FAILED, "late", null, NOW, NOW, null), NOW);
        assertThat(late.ignoredBecause()).contains("aborted");
        assertThat(DecisionRules.onSilence(aborted, NOW.plusSeconds(86_400), "silent").ignoredBecause()).isNotNull();
    }

    @Test
    void anExtensionMovesTheSlotsDeadlineAndPublishesNoVerdict() {
        SlotState verifying = DecisionRules.onStarted(null, started("checkout-42"), NOW).state();

        var result = OverrideDecisions.apply(verifying, command(OverrideAction.EXTEND, null, Phase.BASELINE), NOW);

        assertThat(result.step().state().extended()).isEqualTo(Duration.ofMinutes(30));
        assertThat(result.step().verdicts()).isEmpty();
        assertThat(result.step().decision()).isNull();
        assertThat(result.audit().verdictBefore()).isEqualTo(VerdictState.VERIFYING);
        assertThat(result.audit().verdictAfter()).isEqualTo(VerdictState.VERIFYING);
    }

    @Test
    void aRefusedOverrideChangesNothingAndItsAuditRecordSaysWhy() {
        var result = OverrideDecisions.apply(held(), command(OverrideAction.EXTEND, null, Phase.BASELINE), NOW);

        assertThat(result.step()).isNull();
        assertThat(result.audit().outcome()).isEqualTo(AuditOutcome.REFUSED);
        assertThat(result.audit().refusedBecause()).startsWith("the verification is HELD");
        assertThat(result.audit().verdictBefore()).isEqualTo(VerdictState.HELD);
        assertThat(result.audit().verdictAfter()).isEqualTo(VerdictState.HELD);
        assertThat(result.audit().deployment().deploymentId()).isEqualTo("checkout-42");
    }

    @Test
    void anOverrideForAnotherDeploymentIsRefusedWithoutItsState() {
        SlotState other = DecisionRules.onStarted(null, started("checkout-43"), NOW).state();

        var result = OverrideDecisions.apply(other, command(OverrideAction.PROMOTE, null, null), NOW);

        assertThat(result.audit().outcome()).isEqualTo(AuditOutcome.REFUSED);
        assertThat(result.audit().verdictBefore()).isNull();
        assertThat(result.audit().deployment()).isNull();
    }
}
