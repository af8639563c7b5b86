package io.postflight.verdict.history;

import io.postflight.contracts.AuditRecord;
import io.postflight.contracts.Decision;
import io.postflight.contracts.PhaseResult;
import io.postflight.contracts.Verdict;
import io.postflight.contracts.VerificationStarted;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Adds one record to a deployment's history. Idempotent (a record delivered twice is kept once:
 * phase results by equality, decisions by id, overrides by override id) and tolerant of order (records of one deployment
 * come from five topics, so a verdict may arrive before its verification): the newest verdict by
 * {@code updatedAt} wins, whatever the arrival order. Pure.
 */
public final class HistoryAssembly {
    private HistoryAssembly() {
    }

    /** @param history the history so far, {@code null} when none */
    public static DeploymentHistory apply(DeploymentHistory history, HistoryInput input) {
        DeploymentHistory h = history != null ? history : DeploymentHistory.of(input.deployment());
        if (input.verification() != null) {
            return withVerification(h, input.verification());
        }
        if (input.phaseResult() != null) {
            return withPhaseResult(h, input.phaseResult());
        }
        if (input.decision() != null) {
            return withDecision(h, input.decision());
        }
        if (input.audit() != null) {
            return withOverride(h, input.audit());
        }
        return withVerdict(h, input.verdict());
    }

    private static DeploymentHistory withVerification(DeploymentHistory h, VerificationStarted v) {
        return new DeploymentHistory(v.deployment(), v.deployEvent(), v.action(), v.phases(), v.startedAt(),
                v.receivedAt(), h.phaseResults(), h.decisions(), h.overrides(), h.verdict(),
                latest(h.updatedAt(), v.startedAt()));
    }

    private static DeploymentHistory withPhaseResult(DeploymentHistory h, PhaseResult r) {
        if (h.phaseResults().contains(r)) {
            return h;
        }
        List<PhaseResult> results = new ArrayList<>(h.phaseResults());
        results.add(r);
        return new DeploymentHistory(h.deployment(), eventOf(h, r.deployEvent()), h.action(), h.plannedPhases(),
                h.startedAt(), h.receivedAt(), results, h.decisions(), h.overrides(), h.verdict(),
                latest(h.updatedAt(), r.decidedAt()));
    }

    private static DeploymentHistory withDecision(DeploymentHistory h, Decision d) {
        if (h.decisions().stream().anyMatch(seen -> seen.decisionId() != null && seen.decisionId().equals(d.decisionId()))) {
            return h;
        }
        List<Decision> decisions = new ArrayList<>(h.decisions());
        decisions.add(d);
        return new DeploymentHistory(h.deployment(), eventOf(h, d.deployEvent()), h.action(), h.plannedPhases(),
                h.startedAt(), h.receivedAt(), h.phaseResults(), decisions, h.overrides(), h.verdict(),
                latest(h.updatedAt(), d.decidedAt()));
    }

    /** An override's audit record, kept once per override id (the decision engine writes one per id). */
    private static DeploymentHistory withOverride(DeploymentHistory h, AuditRecord a) {
        if (h.overrides().stream().anyMatch(seen -> seen.overrideId().equals(a.overrideId()))) {
            return h;
        }
        List<AuditRecord> overrides = new ArrayList<>(h.overrides());
        overrides.add(a);
        return new DeploymentHistory(h.deployment(), h.deployEvent(), h.action(), h.plannedPhases(), h.startedAt(),
                h.receivedAt(), h.phaseResults(), h.decisions(), overrides, h.verdict(),
                latest(h.updatedAt(), a.recordedAt()));
    }

    private static DeploymentHistory withVerdict(DeploymentHistory h, Verdict v) {
        Verdict current = h.verdict();
        if (current != null && current.updatedAt() != null && v.updatedAt() != null
                && v.updatedAt().isBefore(current.updatedAt())) {
            return h; // an older verdict arriving late
        }
        return new DeploymentHistory(h.deployment(), eventOf(h, v.deployEvent()), h.action(), h.plannedPhases(),
                h.startedAt(), h.receivedAt(), h.phaseResults(), h.decisions(), h.overrides(), v,
                latest(h.updatedAt(), v.updatedAt()));
    }

    private static io.postflight.contracts.EventRef eventOf(DeploymentHistory h, io.postflight.contracts.EventRef e) {
        return h.deployEvent() != null ? h.deployEvent() : e;
    }

    private static Instant latest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }
}
