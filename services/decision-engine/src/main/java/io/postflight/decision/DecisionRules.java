package io.postflight.decision;

import io.postflight.contracts.Alert;
import io.postflight.contracts.Decision;
import io.postflight.contracts.DecisionKind;
import io.postflight.contracts.Evidence;
import io.postflight.contracts.OverrideCommand;
import io.postflight.contracts.Phase;
import io.postflight.contracts.PhaseOutcome;
import io.postflight.contracts.PhaseResult;
import io.postflight.contracts.Verdict;
import io.postflight.contracts.VerdictState;
import io.postflight.contracts.VerificationStarted;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The decision rules, pure: state and input in, what to publish out.
 *
 * <ul>
 *   <li>A FAILED phase before any decision: ROLLBACK at once, with the failing evidence.</li>
 *   <li>An INCONCLUSIVE phase before any decision: HOLD (silence is never a pass), unless the
 *       deployment's policy opted in to {@code PROMOTE_ON_HEALTH}: then an INCONCLUSIVE BASELINE
 *       (too little traffic to judge) does not stop a PROMOTE once HEALTH passed, and the
 *       decision names the opt-in.</li>
 *   <li>Every phase before drift PASSED: PROMOTE. Drift then keeps watching.</li>
 *   <li>A FAILED drift phase after PROMOTE: ROLLBACK marked post-promotion.</li>
 *   <li>No other evidence produces a decision, so two contradictory decisions cannot happen on
 *       evidence: a ROLLBACK or HOLD is final for the evidence, a PROMOTE can only be followed by a
 *       post-promotion ROLLBACK. Only an operator's override ({@link OverrideDecisions}, allowed by
 *       {@link OverrideRules}) follows a HOLD with a PROMOTE or ROLLBACK.</li>
 *   <li>An ABORTED verification takes nothing further: late results and the watchdog are ignored.</li>
 *   <li>A new deployment of the same slot supersedes one still undecided.</li>
 *   <li>Every decision's evidence names the policy it was taken under.</li>
 * </ul>
 */
public final class DecisionRules {

    private DecisionRules() {
    }

    public static DecisionStep onStarted(SlotState current, VerificationStarted v, Instant now) {
        if (current != null && current.deploymentId().equals(v.deployment().deploymentId())) {
            return DecisionStep.ignored("duplicate verification of " + current.deploymentId());
        }
        List<Verdict> verdicts = new ArrayList<>();
        if (current != null && current.state() == VerdictState.VERIFYING) {
            verdicts.add(new Verdict(Verdict.SCHEMA, current.deployment(), VerdictState.SUPERSEDED,
                    current.outcomes(), current.lastDecision(), v.deployment().deploymentId(), now,
                    current.deployEvent()));
        }
        SlotState next = new SlotState(v.deployment(), v.deployEvent(), v.phases(), null,
                VerdictState.VERIFYING, null, v.startedAt(), v.policyOrDefault());
        verdicts.add(verdict(next, now));
        return new DecisionStep(next, null, verdicts, null, null);
    }

    public static DecisionStep onResult(SlotState current, PhaseResult r, Instant now) {
        if (current == null || !current.deploymentId().equals(r.deployment().deploymentId())) {
            return DecisionStep.ignored("no verification of " + r.deployment().deploymentId()
                    + " in progress (superseded or unknown)");
        }
        if (current.state() == VerdictState.ABORTED) {
            return DecisionStep.ignored("verification of " + current.deploymentId() + " was aborted by an operator");
        }
        if (current.outcomes().containsKey(r.phase())) {
            return DecisionStep.ignored(r.phase() + " already reported for " + current.deploymentId());
        }
        SlotState s = current.withOutcome(r.phase(), r.outcome());
        boolean promoted = s.state() == VerdictState.PROMOTED;
        if (r.outcome() == PhaseOutcome.FAILED && (!s.hasDecision() || promoted && r.phase() == Phase.DRIFT)) {
            return decide(s, DecisionKind.ROLLBACK, promoted, List.of(sentence(r)), r.evidence(),
                    VerdictState.ROLLED_BACK, now);
        }
        if (r.outcome() == PhaseOutcome.INCONCLUSIVE && !s.hasDecision() && !promotableOnHealth(s, r.phase())) {
            return decide(s, DecisionKind.HOLD, false, List.of(sentence(r)), r.evidence(), VerdictState.HELD, now);
        }
        if (!s.hasDecision() && allBeforeDriftPassed(s)) {
            // The phase that completed the set explains itself; the others passed earlier.
            List<String> reasons = new ArrayList<>(s.phases().stream().filter(p -> p != Phase.DRIFT)
                    .map(p -> p == r.phase() ? sentence(r) : p + " " + s.outcomes().get(p) + " earlier").toList());
            if (s.outcomes().containsValue(PhaseOutcome.INCONCLUSIVE)) {
                reasons.add(s.policy().describe() + ": promoted on HEALTH alone, BASELINE was INCONCLUSIVE");
            }
            return decide(s, DecisionKind.PROMOTE, false, reasons, r.evidence(), VerdictState.PROMOTED, now);
        }
        return new DecisionStep(s, null, List.of(verdict(s, now)), null, null);
    }

    /** A HOLD for a verification whose phases stopped reporting (watchdog). */
    public static DecisionStep onSilence(SlotState current, Instant now, String why) {
        if (current == null || current.hasDecision() || current.state() == VerdictState.ABORTED) {
            return DecisionStep.ignored("nothing undecided");
        }
        return decide(current, DecisionKind.HOLD, false, List.of(why), List.of(), VerdictState.HELD, now);
    }

    /**
     * Every phase before drift passed, or (under the opt-in) only BASELINE was INCONCLUSIVE and
     * HEALTH passed.
     */
    private static boolean allBeforeDriftPassed(SlotState s) {
        List<Phase> needed = s.phases().stream().filter(p -> p != Phase.DRIFT).toList();
        return !needed.isEmpty() && needed.stream().allMatch(p -> s.outcomes().get(p) == PhaseOutcome.PASSED
                || s.outcomes().get(p) == PhaseOutcome.INCONCLUSIVE && promotableOnHealth(s, p));
    }

    /** An INCONCLUSIVE {@code phase} need not HOLD: the policy's explicit opt-in, for BASELINE, with HEALTH planned. */
    private static boolean promotableOnHealth(SlotState s, Phase phase) {
        return phase == Phase.BASELINE && s.policy().promotesOnHealth() && s.phases().contains(Phase.HEALTH);
    }

    private static DecisionStep decide(SlotState s, DecisionKind kind, boolean postPromotion, List<String> reasons,
                                       List<Evidence> evidence, VerdictState newState, Instant now) {
        return decide(s, kind, postPromotion, reasons, evidence, newState, now, null);
    }

    /** A decision, by {@code override} when not {@code null}; the evidence ends with the policy's. */
    static DecisionStep decide(SlotState s, DecisionKind kind, boolean postPromotion, List<String> reasons,
                               List<Evidence> evidence, VerdictState newState, Instant now, OverrideCommand override) {
        List<Evidence> withPolicy = new ArrayList<>(evidence);
        withPolicy.add(PolicyEvidence.of(s.policy()));
        Decision d = new Decision(Decision.SCHEMA,
                s.deploymentId() + ":" + kind.name().toLowerCase() + (postPromotion ? ":post-promotion" : ""),
                s.deployment(), kind, postPromotion, reasons, withPolicy, s.outcomes(), now, s.deployEvent(), override);
        SlotState next = s.withDecision(d, newState);
        return new DecisionStep(next, d, List.of(verdict(next, now)), Alert.forDecision(d), null);
    }

    static Verdict verdict(SlotState s, Instant now) {
        return new Verdict(Verdict.SCHEMA, s.deployment(), s.state(), s.outcomes(), s.lastDecision(), null, now,
                s.deployEvent());
    }

    private static String sentence(PhaseResult r) {
        return r.phase() + " " + r.outcome() + ": " + r.summary();
    }
}
