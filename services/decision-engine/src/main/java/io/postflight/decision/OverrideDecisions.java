package io.postflight.decision;

import io.postflight.contracts.AuditOutcome;
import io.postflight.contracts.AuditRecord;
import io.postflight.contracts.DecisionKind;
import io.postflight.contracts.Evidence;
import io.postflight.contracts.OverrideCommand;
import io.postflight.contracts.VerdictState;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What an operator's override does to a slot, pure: state and override in, the step to publish
 * and its audit record out. Refused ({@link OverrideRules}): no step, an audit record saying why.
 * Applied: PROMOTE, ROLLBACK and RELEASE_HOLD publish a decision (cause {@code override}, its
 * evidence naming who and why) and the verdict after; ABORT publishes the ABORTED verdict; EXTEND
 * moves the watchdog's deadline and changes no verdict.
 */
public final class OverrideDecisions {
    /** The check of the evidence item an override's decision carries. */
    public static final String CHECK = "override";

    private OverrideDecisions() {
    }

    /**
     * @param step what to store and publish, {@code null} when refused
     * @param audit what became of the override, always
     */
    public record OverrideStep(DecisionStep step, AuditRecord audit) {
    }

    public static OverrideStep apply(SlotState current, OverrideCommand o, Instant now) {
        String refusal = OverrideRules.refusal(current, o);
        VerdictState before = current == null || !current.deploymentId().equals(o.deploymentId())
                ? null : current.state();
        if (refusal != null) {
            return new OverrideStep(null, new AuditRecord(null, o, before == null ? null : current.deployment(),
                    AuditOutcome.REFUSED, refusal, before, before, null, now, null));
        }
        DecisionStep step = switch (o.action()) {
            case PROMOTE -> decide(current, o, DecisionKind.PROMOTE, now);
            case ROLLBACK -> decide(current, o, DecisionKind.ROLLBACK, now);
            case RELEASE_HOLD -> decide(current, o, o.releaseTo(), now);
            case EXTEND -> new DecisionStep(current.extendedBy(o.extendBy()), null, List.of(), null, null);
            case ABORT -> {
                SlotState aborted = current.withState(VerdictState.ABORTED);
                yield new DecisionStep(aborted, null, List.of(DecisionRules.verdict(aborted, now)), null, null);
            }
        };
        return new OverrideStep(step, new AuditRecord(null, o, current.deployment(), AuditOutcome.APPLIED, null,
                before, step.state().state(), step.decision() == null ? null : step.decision().decisionId(), now,
                null));
    }

    /**
     * The audit record answering an override id already audited ({@code first}): nothing is applied
     * again. The same override asked again gets the first record's outcome, verdicts and decision;
     * another override under that id is refused, saying which override the id names. Either is
     * marked {@code repeat}, so that the gateway instance that wrote it can answer the request
     * (after a restart or on another instance than the first request's) and readers that count
     * overrides skip it.
     */
    public static AuditRecord repeat(AuditRecord first, OverrideCommand o, Instant now) {
        if (o.sameOverrideAs(first.override())) {
            return new AuditRecord(null, o, first.deployment(), first.outcome(), first.refusedBecause(),
                    first.verdictBefore(), first.verdictAfter(), first.decisionId(), now, true);
        }
        return new AuditRecord(null, o, null, AuditOutcome.REFUSED, o.idTakenBy(first.override()), null, null,
                null, now, true);
    }

    private static DecisionStep decide(SlotState s, OverrideCommand o, DecisionKind kind, Instant now) {
        boolean postPromotion = kind == DecisionKind.ROLLBACK && s.state() == VerdictState.PROMOTED;
        VerdictState after = kind == DecisionKind.PROMOTE ? VerdictState.PROMOTED : VerdictState.ROLLED_BACK;
        String sentence = "override by " + o.who() + ": " + o.describe() + " (verdict was " + s.state() + "): "
                + o.reason();
        Evidence evidence = new Evidence(CHECK, kind == DecisionKind.ROLLBACK, o.reason(), Map.of(),
                Map.of("who", o.who(), "overrideId", o.overrideId(), "action", o.describe()));
        return DecisionRules.decide(s, kind, postPromotion, List.of(sentence), List.of(evidence), after, now, o);
    }
}
