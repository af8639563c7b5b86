package io.postflight.verdict.rollback;

import io.micronaut.core.annotation.Nullable;
import io.postflight.contracts.DeploymentRef;
import io.postflight.contracts.VerdictState;
import io.postflight.verdict.delivery.DeploymentOutcome;
import io.postflight.verdict.history.DeploymentHistory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Finds, for every ROLLBACK decided within {@code watchFor} before now, whether its slot is back on
 * a healthy version. Pure: histories and the time in, statuses out.
 * <p>
 * A rollback is complete when a deployment of the slot that began after the rolled-back one, of
 * another version, is healthy: its HEALTH phase passed (its instances live and ready) or it was
 * promoted. That is the version rolled back to, announced by the CD system ({@code service.rolledback})
 * or deployed again as usual, or a newer fix. Anything else by the deadline is overdue — in the
 * environments followed ({@code environments}; others are listed but never overdue, for CD setups
 * that roll back without telling, such as a canary tool aborting to its stable version).
 */
public final class RollbackTracking {
    private RollbackTracking() {
    }

    /**
     * @param followed the environments whose rollbacks can be overdue; empty: none
     */
    public static List<RollbackStatus> of(Iterable<DeploymentHistory> histories, Instant now, Duration deadline,
                                          Duration watchFor, Set<String> followed) {
        Map<String, List<DeploymentOutcome>> bySlot = new TreeMap<>();
        for (DeploymentHistory h : histories) {
            bySlot.computeIfAbsent(h.deployment().slot(), k -> new ArrayList<>()).add(DeploymentOutcome.of(h));
        }
        Instant since = now.minus(watchFor);
        List<RollbackStatus> statuses = new ArrayList<>();
        for (List<DeploymentOutcome> slot : bySlot.values()) {
            slot.sort(Comparator.comparing(DeploymentOutcome::since).thenComparing(DeploymentOutcome::deploymentId));
            for (DeploymentOutcome d : slot) {
                // A rollback that itself failed shows on the original rollback as FAILED, not as a new one.
                if (d.rolledBackAt() != null && !d.rollbackAnnounced() && !d.rolledBackAt().isBefore(since)
                        && !d.rolledBackAt().isAfter(now)) {
                    List<DeploymentOutcome> later = slot.stream().filter(o -> o != d && !o.since().isBefore(d.since()))
                            .toList();
                    statuses.add(status(d, later, now, deadline, followed.contains(d.environment())));
                }
            }
        }
        statuses.sort(Comparator.comparing(RollbackStatus::decidedAt).reversed());
        return statuses;
    }

    /** The status of {@code d}'s rollback, from the deployments of its slot that began at or after it (in order). */
    static RollbackStatus status(DeploymentOutcome d, List<DeploymentOutcome> later, Instant now, Duration deadline,
                                 boolean followed) {
        Instant decided = d.rolledBackAt();
        String target = d.previousVersion();
        DeploymentOutcome restoring = null;
        Instant restoredAt = null;
        DeploymentOutcome attempt = null;
        for (DeploymentOutcome next : later) {
            if (next.version().equals(d.version())) {
                continue; // the bad version announced again restores nothing
            }
            Instant healthy = earliest(next.healthPassedAt(), next.promotedAt());
            if (healthy != null && (restoredAt == null || healthy.isBefore(restoredAt))) {
                restoring = next;
                restoredAt = healthy;
            }
            attempt = next; // the newest attempt: a second one after a failed first is what counts
        }
        boolean late = followed && !now.isBefore(decided.plus(deadline));
        String rolledBack = "rollback of " + DeploymentRef.forPeople(d.version()) + " in " + d.slot() + " (decided "
                + decided + ")";
        String pastDeadline = late ? ", past the deadline of " + human(deadline) : "";
        if (restoring != null) {
            Boolean onTarget = target == null ? null : target.equals(restoring.version());
            String how = restoring.rollbackAnnounced() || Boolean.TRUE.equals(onTarget) ? "back on " : "moved on to ";
            return new RollbackStatus(d.deploymentId(), d.service(), d.environment(), d.version(), target, decided,
                    RollbackState.COMPLETED, restoring.deploymentId(), restoring.version(), restoredAt, onTarget, false,
                    rolledBack + " completed: " + how + DeploymentRef.forPeople(restoring.version()) + ", healthy "
                            + Math.max(0, Duration.between(decided, restoredAt).toSeconds()) + " s after the decision");
        }
        if (attempt == null) {
            return new RollbackStatus(d.deploymentId(), d.service(), d.environment(), d.version(), target, decided,
                    RollbackState.WAITING, null, null, null, null, late, rolledBack + ": nothing deployed since"
                    + (target == null ? "" : "; expected " + DeploymentRef.forPeople(target) + " back") + pastDeadline
                    + (late ? ": the CD system has not rolled back, or not announced it" : "")
                    + (followed ? "" : " (not followed in " + d.environment() + ")"));
        }
        boolean failed = attempt.rolledBackAt() != null || attempt.state() == VerdictState.HELD;
        Boolean onTarget = target == null ? null : target.equals(attempt.version());
        String about = DeploymentRef.forPeople(attempt.version()) + " (deployment " + attempt.deploymentId() + ")";
        String what = failed ? " was deployed but its own verification did not pass (" + attempt.state() + ")"
                : attempt.state() == VerdictState.VERIFYING ? " was deployed and is being verified"
                : " was deployed; its verification ended " + attempt.state() + " before its health passed";
        return new RollbackStatus(d.deploymentId(), d.service(), d.environment(), d.version(), target, decided,
                failed ? RollbackState.FAILED : RollbackState.VERIFYING, attempt.deploymentId(), attempt.version(),
                null, onTarget, late, rolledBack + ": " + about + what + pastDeadline
                + (followed ? "" : " (not followed in " + d.environment() + ")"));
    }

    static String human(Duration d) {
        return d.toSeconds() % 3600 == 0 ? d.toHours() + " h" : d.toSeconds() % 60 == 0 ? d.toMinutes() + " min"
                : d.toSeconds() + " s";
    }

    private static @Nullable Instant earliest(@Nullable Instant a, @Nullable Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isBefore(b) ? a : b;
    }
}
