package io.postflight.verdict.history;

import io.micronaut.core.annotation.Nullable;
import io.postflight.contracts.DecisionKind;
import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.VerdictState;
import java.time.Instant;

/**
 * A deployment as a list shows it; the whole history is {@code GET /deployments/{id}}.
 *
 * @param deployment the deployment
 * @param state its current state
 * @param decision the latest decision's kind, {@code null} when none yet
 * @param startedAt when verification began, if seen
 * @param updatedAt the newest record's time
 */
public record DeploymentSummary(DeploymentRef deployment, VerdictState state, @Nullable DecisionKind decision,
                                @Nullable Instant startedAt, Instant updatedAt) {

    public static DeploymentSummary of(DeploymentHistory h) {
        DecisionKind kind = h.decisions().isEmpty() ? null : h.decisions().get(h.decisions().size() - 1).kind();
        return new DeploymentSummary(h.deployment(), h.state(), kind, h.startedAt(), h.updatedAt());
    }
}
