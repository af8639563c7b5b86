package io.postflight.verdict.gate;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.postflight.contracts.VerdictState;
import io.postflight.verdict.history.DeploymentHistory;
import java.util.List;
import java.util.Optional;

/**
 * A gate's answer about the slot's newest deployment. Pure: the request and what the store holds in,
 * the answer out; read from the store at once, never waiting for a verdict to come.
 *
 * @param decision what the tool should do
 * @param reason why, in words for the person reading the tool's status
 * @param slot the slot asked after
 * @param deploymentId the slot's newest deployment, {@code null} when none is known
 * @param version its version
 * @param state its state, {@code null} when none is known
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GateAnswer(GateDecision decision, String reason, String slot, @Nullable String deploymentId,
                         @Nullable String version, @Nullable VerdictState state) {

    /**
     * @param newest the slot's newest deployment's history, empty when none is known
     */
    public static GateAnswer decide(GateRequest request, Optional<DeploymentHistory> newest) {
        if (newest.isEmpty()) {
            return new GateAnswer(GateDecision.UNDECIDED, "no deployment of " + request.slot()
                    + " is known to Postflight yet", request.slot(), null, null, null);
        }
        DeploymentHistory h = newest.get();
        List<String> differ = request.mismatches(h.deployment());
        if (!differ.isEmpty()) {
            return of(h, GateDecision.UNDECIDED, "the newest deployment of " + request.slot()
                    + " known to Postflight is not the one asked after (" + String.join("; ", differ) + ")");
        }
        return switch (h.state()) {
            case PROMOTED -> of(h, GateDecision.PROMOTED, "promoted");
            case ROLLED_BACK -> of(h, GateDecision.ROLLED_BACK, "rolled back");
            case VERIFYING -> of(h, GateDecision.UNDECIDED, "verification in progress");
            case HELD -> of(h, GateDecision.UNDECIDED, "held: not enough evidence either way; an operator decides");
            case ABORTED -> of(h, GateDecision.ABORTED,
                    "verification aborted by an operator; Postflight will not decide: the canary is stopped (traffic"
                    + " back to the stable version) until a person starts the rollout again");
            case SUPERSEDED -> of(h, GateDecision.UNDECIDED, "superseded by a newer deployment");
        };
    }

    /** The answer while this instance's store is loading: nothing can be said yet. */
    public static GateAnswer unavailable(GateRequest request) {
        return new GateAnswer(GateDecision.UNDECIDED, "verdicts temporarily unavailable (Postflight is loading its state)",
                request.slot(), null, null, null);
    }

    private static GateAnswer of(DeploymentHistory h, GateDecision decision, String reason) {
        return new GateAnswer(decision, reason, h.deployment().slot(), h.deploymentId(), h.deployment().version(),
                h.state());
    }
}
