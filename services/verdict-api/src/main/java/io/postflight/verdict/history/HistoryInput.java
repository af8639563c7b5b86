package io.postflight.verdict.history;

import io.postflight.contracts.AuditRecord;
import io.postflight.contracts.Decision;
import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.PhaseResult;
import io.postflight.contracts.Verdict;
import io.postflight.contracts.VerificationStarted;
import java.util.stream.Stream;

/**
 * One record of a source topic, decoded, on its way to the deployment's history: exactly one field
 * is set. The sources are listed once, in {@link HistorySources}; a new source is one more field
 * here, one route there and one case in {@link HistoryAssembly}.
 */
public record HistoryInput(VerificationStarted verification, PhaseResult phaseResult, Decision decision,
                           Verdict verdict, AuditRecord audit) {

    public HistoryInput {
        long set = Stream.of(verification, phaseResult, decision, verdict, audit).filter(java.util.Objects::nonNull).count();
        if (set != 1) {
            throw new IllegalArgumentException("a history input carries exactly one record, had " + set);
        }
    }

    public static HistoryInput of(VerificationStarted v) {
        return new HistoryInput(v, null, null, null, null);
    }

    public static HistoryInput of(PhaseResult r) {
        return new HistoryInput(null, r, null, null, null);
    }

    public static HistoryInput of(Decision d) {
        return new HistoryInput(null, null, d, null, null);
    }

    public static HistoryInput of(Verdict v) {
        return new HistoryInput(null, null, null, v, null);
    }

    /** An override's audit record; it must name its deployment ({@link HistorySources} skips those that do not). */
    public static HistoryInput of(AuditRecord a) {
        java.util.Objects.requireNonNull(a.deployment(), "an audit record without a deployment has no history");
        return new HistoryInput(null, null, null, null, a);
    }

    /** The deployment the record is about. */
    public DeploymentRef deployment() {
        if (verification != null) {
            return verification.deployment();
        }
        if (phaseResult != null) {
            return phaseResult.deployment();
        }
        if (decision != null) {
            return decision.deployment();
        }
        return verdict != null ? verdict.deployment() : audit.deployment();
    }
}
