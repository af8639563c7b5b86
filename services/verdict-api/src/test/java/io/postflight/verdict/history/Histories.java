package io.postflight.verdict.history;

import io.postflight.contracts.AuditOutcome;
import io.postflight.contracts.AuditRecord;
import io.postflight.contracts.OverrideAction;
import io.postflight.contracts.OverrideCommand;
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

/** Records of one deployment for the tests, at times given in seconds after {@link #T0}. */
final class Histories {
    static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

    private Histories() {
    }

    static DeploymentRef ref(String id, String service, String environment) {
        return new DeploymentRef(id, service, environment, "1.2.0", null, "1.1.0");
    }

    static EventRef event(String id) {
        return new EventRef("evt-" + id, "/ci", "dev.cdevents.service.deployed.0.3.0", T0);
    }

    static VerificationStarted started(DeploymentRef d, long at) {
        return new VerificationStarted(null, d, DeployAction.DEPLOYED, List.of(), List.of(Phase.HEALTH, Phase.BASELINE),
                T0.plusSeconds(at), event(d.deploymentId()));
    }

    static PhaseResult result(DeploymentRef d, Phase phase, PhaseOutcome outcome, long at) {
        return new PhaseResult(null, d, phase, outcome, phase + " " + outcome,
                List.of(Evidence.of("error-rate", outcome == PhaseOutcome.FAILED, "error rate", Map.of("rate", 0.07))),
                T0, T0.plusSeconds(at), event(d.deploymentId()));
    }

    static Decision decision(DeploymentRef d, DecisionKind kind, long at) {
        return new Decision(null, d.deploymentId() + ":" + kind.name().toLowerCase(), d, kind, false,
                List.of("because"), List.of(), Map.of(), T0.plusSeconds(at), event(d.deploymentId()));
    }

    static Verdict verdict(DeploymentRef d, VerdictState state, long at) {
        return new Verdict(null, d, state, Map.of(), null, null, T0.plusSeconds(at), event(d.deploymentId()));
    }

    /** The audit record of an override of {@code d} by {@code who}, applied (PROMOTED after) or refused. */
    static AuditRecord override(DeploymentRef d, String overrideId, String who, boolean applied, long at) {
        OverrideCommand command = new OverrideCommand(null, overrideId, d.deploymentId(), d.slot(),
                OverrideAction.RELEASE_HOLD, DecisionKind.PROMOTE, null, null, "checked by hand", who,
                T0.plusSeconds(at - 1));
        return new AuditRecord(null, command, d, applied ? AuditOutcome.APPLIED : AuditOutcome.REFUSED,
                applied ? null : "the deployment is not held", VerdictState.HELD,
                applied ? VerdictState.PROMOTED : VerdictState.HELD, applied ? d.deploymentId() + ":override" : null,
                T0.plusSeconds(at), null);
    }

    /** The history of {@code d} after {@code inputs}, applied in order. */
    static DeploymentHistory of(HistoryInput... inputs) {
        DeploymentHistory h = null;
        for (HistoryInput in : inputs) {
            h = HistoryAssembly.apply(h, in);
        }
        return h;
    }
}
