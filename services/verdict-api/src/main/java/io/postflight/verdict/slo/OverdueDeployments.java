package io.postflight.verdict.slo;

import io.postflight.contracts.VerdictState;
import io.postflight.verdict.history.DeploymentHistory;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The deployments announced that have no decision although they should have one by now: still
 * {@code VERIFYING} (no verdict at all, or the first one) longer than {@code overdueAfter} after
 * their verification began (its phase results, if any, never brought a decision: a verifier or the
 * decision engine lost it, and the watchdog did not HOLD it either). What the completeness SLO
 * counts as a deployment that never got a decision. Pure: histories and the time in, the ids out.
 */
public final class OverdueDeployments {
    private OverdueDeployments() {
    }

    public static Set<String> of(Iterable<DeploymentHistory> histories, Instant now, Duration overdueAfter) {
        Set<String> overdue = new LinkedHashSet<>();
        Instant before = now.minus(overdueAfter);
        for (DeploymentHistory h : histories) {
            if (isOverdue(h, before)) {
                overdue.add(h.deploymentId());
            }
        }
        return overdue;
    }

    /** Whether {@code h} is still undecided and began before {@code before}. */
    private static boolean isOverdue(DeploymentHistory h, Instant before) {
        if (h.state() != VerdictState.VERIFYING || !h.decisions().isEmpty()) {
            return false;
        }
        Instant since = h.startedAt() != null ? h.startedAt() : h.updatedAt();
        return since != null && since.isBefore(before);
    }
}
