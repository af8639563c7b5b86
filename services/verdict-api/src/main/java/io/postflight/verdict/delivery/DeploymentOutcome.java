package io.postflight.verdict.delivery;

import io.micronaut.core.annotation.Nullable;
import io.postflight.contracts.Decision;
import io.postflight.contracts.DecisionKind;
import io.postflight.contracts.DeployAction;
import io.postflight.contracts.Phase;
import io.postflight.contracts.PhaseOutcome;
import io.postflight.contracts.PhaseResult;
import io.postflight.contracts.VerdictState;
import io.postflight.verdict.history.DeploymentHistory;
import java.time.Instant;

/**
 * What the delivery figures, the rollback checks and the release gate need of one deployment's history, kept small: a
 * scan holds one of these per deployment instead of whole histories with their evidence.
 *
 * @param deploymentId the deployment's id
 * @param version the version deployed
 * @param previousVersion the version that served before (what a rollback goes back to), if known
 * @param digest the artifact's digest, if the deploy event named it
 * @param slot {@code service/environment}
 * @param service service name
 * @param environment environment name
 * @param rollbackAnnounced whether the CD system announced this deployment as a rollback
 *     ({@code service.rolledback}): the previous version going back, not a change
 * @param since when verification began (else the newest record's time)
 * @param arrivedAt when the deploy event reached Postflight (else when verification began), the
 *     start of "time to decision"; {@code null} when neither is known
 * @param state the verdict's state
 * @param firstDecisionAt the first decision of any kind
 * @param promotedAt the first PROMOTE decision
 * @param rolledBackAt the first ROLLBACK decision (on evidence or by an operator's override)
 * @param rollbackAfterPromotion a ROLLBACK decision came after a PROMOTE (a drift failure, or an
 *     operator rolling back a promoted version)
 * @param rollbackByOverride a ROLLBACK decision was an operator's override
 * @param healthPassedAt when its HEALTH phase first PASSED (its instances live and ready), if it did
 */
public record DeploymentOutcome(String deploymentId, String version, @Nullable String previousVersion,
                                @Nullable String digest, String slot,
                                String service, String environment, boolean rollbackAnnounced, Instant since,
                                @Nullable Instant arrivedAt, VerdictState state, @Nullable Instant firstDecisionAt,
                                @Nullable Instant promotedAt, @Nullable Instant rolledBackAt,
                                boolean rollbackAfterPromotion, boolean rollbackByOverride,
                                @Nullable Instant healthPassedAt) {

    public static DeploymentOutcome of(DeploymentHistory h) {
        Instant first = null;
        Instant promoted = null;
        Instant rolledBack = null;
        Instant lastRollback = null;
        boolean afterPromotion = false;
        boolean byOverride = false;
        for (Decision d : h.decisions()) {
            Instant at = d.decidedAt() != null ? d.decidedAt() : h.updatedAt();
            first = earliest(first, at);
            if (d.kind() == DecisionKind.PROMOTE) {
                promoted = earliest(promoted, at);
            } else if (d.kind() == DecisionKind.ROLLBACK) {
                rolledBack = earliest(rolledBack, at);
                lastRollback = lastRollback == null || at.isAfter(lastRollback) ? at : lastRollback;
                afterPromotion |= d.postPromotion();
                byOverride |= d.override() != null;
            }
        }
        // Records of one deployment may arrive out of order: compare times, not positions in the list.
        afterPromotion |= promoted != null && lastRollback != null && lastRollback.isAfter(promoted);
        Instant arrived = h.receivedAt() != null ? h.receivedAt() : h.startedAt();
        Instant healthy = null;
        for (PhaseResult r : h.phaseResults()) {
            if (r.phase() == Phase.HEALTH && r.outcome() == PhaseOutcome.PASSED && r.decidedAt() != null) {
                healthy = earliest(healthy, r.decidedAt());
            }
        }
        return new DeploymentOutcome(h.deploymentId(), h.deployment().version(), h.deployment().previousVersion(),
                h.deployment().artifactDigest(), h.deployment().slot(), h.deployment().service(), h.deployment().environment(),
                h.action() == DeployAction.ROLLED_BACK, h.since(), arrived, h.state(), first, promoted, rolledBack,
                afterPromotion, byOverride, healthy);
    }

    private static Instant earliest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isBefore(b) ? a : b;
    }
}
