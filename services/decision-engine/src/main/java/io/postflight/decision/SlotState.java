package io.postflight.decision;

import io.postflight.contracts.Decision;
import io.postflight.contracts.DecisionKind;
import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.EventRef;
import io.postflight.contracts.Phase;
import io.postflight.contracts.PhaseOutcome;
import io.postflight.contracts.VerdictState;
import io.postflight.contracts.VerificationPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The decision engine's memory of the deployment currently verified in one slot (service and
 * environment), kept in a state store keyed by slot.
 *
 * @param deployment the deployment verified
 * @param deployEvent the deploy event it answers
 * @param phases phases planned for it
 * @param outcomes outcome of each phase reported so far
 * @param state the verdict state
 * @param decisions decisions published for it, in order (at most one before promotion, plus a
 *     post-promotion rollback)
 * @param startedAt when verification began
 * @param policy the policy the verification runs under (resolved at intake; the default for records
 *     stored before policies existed)
 * @param extended how much longer than planned the verification may run, from operators' EXTEND
 *     overrides (zero in records stored before overrides existed); the silence watchdog waits this much more
 * @param traceparent the verification's W3C trace context, so that a decision made on a result that
 *     came without one (or by the watchdog) joins the verification's trace (ADR 0026); null in
 *     records stored before tracing, which read as before
 */
public record SlotState(DeploymentRef deployment, EventRef deployEvent, List<Phase> phases,
                        Map<Phase, PhaseOutcome> outcomes, VerdictState state, List<Decision> decisions,
                        Instant startedAt, VerificationPolicy policy, Duration extended, String traceparent) {

    /** A slot under the default policy. */
    public SlotState(DeploymentRef deployment, EventRef deployEvent, List<Phase> phases,
                     Map<Phase, PhaseOutcome> outcomes, VerdictState state, List<Decision> decisions,
                     Instant startedAt) {
        this(deployment, deployEvent, phases, outcomes, state, decisions, startedAt, null, null, null);
    }

    /** A slot not extended by an override. */
    public SlotState(DeploymentRef deployment, EventRef deployEvent, List<Phase> phases,
                     Map<Phase, PhaseOutcome> outcomes, VerdictState state, List<Decision> decisions,
                     Instant startedAt, VerificationPolicy policy) {
        this(deployment, deployEvent, phases, outcomes, state, decisions, startedAt, policy, null, null);
    }

    public SlotState {
        extended = extended == null ? Duration.ZERO : extended;
        policy = VerificationPolicy.orDefault(policy);
        phases = phases == null ? List.of() : List.copyOf(phases);
        outcomes = outcomes == null ? Map.of() : Map.copyOf(outcomes);
        decisions = decisions == null ? List.of() : List.copyOf(decisions);
    }

    public String deploymentId() {
        return deployment.deploymentId();
    }

    /** Whether a decision of this kind was already published. */
    public boolean decided(DecisionKind kind) {
        return decisions.stream().anyMatch(d -> d.kind() == kind);
    }

    public boolean hasDecision() {
        return !decisions.isEmpty();
    }

    public SlotState withOutcome(Phase phase, PhaseOutcome outcome) {
        Map<Phase, PhaseOutcome> m = new EnumMap<>(Phase.class);
        m.putAll(outcomes);
        m.put(phase, outcome);
        return new SlotState(deployment, deployEvent, phases, m, state, decisions, startedAt, policy, extended, traceparent);
    }

    public SlotState withDecision(Decision d, VerdictState newState) {
        List<Decision> ds = new java.util.ArrayList<>(decisions);
        ds.add(d);
        return new SlotState(deployment, deployEvent, phases, outcomes, newState, ds, startedAt, policy, extended, traceparent);
    }

    /** This slot in {@code newState} without a new decision (an operator's ABORT). */
    public SlotState withState(VerdictState newState) {
        return new SlotState(deployment, deployEvent, phases, outcomes, newState, decisions, startedAt, policy, extended, traceparent);
    }

    /** This slot allowed to run {@code more} longer (an operator's EXTEND). */
    public SlotState extendedBy(Duration more) {
        return new SlotState(deployment, deployEvent, phases, outcomes, state, decisions, startedAt, policy,
                extended.plus(more), traceparent);
    }

    /** This slot with {@code current} as its trace context, unless it keeps one already or there is none. */
    public SlotState tracedAs(String current) {
        return traceparent != null || current == null ? this
                : new SlotState(deployment, deployEvent, phases, outcomes, state, decisions, startedAt, policy, extended,
                        current);
    }

    /** Whether a ROLLBACK after promotion was published: a PROMOTE then takes a new deployment. */
    public boolean rolledBackAfterPromotion() {
        return decisions.stream().anyMatch(d -> d.kind() == DecisionKind.ROLLBACK && d.postPromotion());
    }

    public Decision lastDecision() {
        return decisions.isEmpty() ? null : decisions.get(decisions.size() - 1);
    }
}
