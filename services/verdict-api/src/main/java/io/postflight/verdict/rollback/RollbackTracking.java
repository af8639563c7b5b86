package io.postflight.verdict.rollback;

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
import java.util.TreeMap;

/**
 * Finds, for every ROLLBACK decided within {@code watchFor} before now, whether its slot is back on
 * a healthy version. Pure: histories and the time in, statuses out.
 * <p>
 * A rollback is complete when a later deployment of the slot is promoted after the decision: the
 * version rolled back to, announced by the CD system ({@code service.rolledback}) and passing its
 * own verification (its health by default: running and ready), or a newer fix. Anything else by the
 * deadline is overdue: nothing announced (the CD system did not roll back, or did not say so), the
 * rolled-back-to version still verifying, or failing its own verification.
 */
public final class RollbackTracking {
    private RollbackTracking() {
    }

    public static List<RollbackStatus> of(Iterable<DeploymentHistory> histories, Instant now, Duration deadline,
                                          Duration watchFor) {
        Map<String, List<DeploymentOutcome>> bySlot = new TreeMap<>();
        for (DeploymentHistory h : histories) {
            bySlot.computeIfAbsent(h.deployment().slot(), k -> new ArrayList<>()).add(DeploymentOutcome.of(h));
        }
        Instant since = now.minus(watchFor);
        List<RollbackStatus> statuses = new ArrayList<>();
        for (List<DeploymentOutcome> slot : bySlot.values()) {
            slot.sort(Comparator.comparing(DeploymentOutcome::since));
            for (int i = 0; i < slot.size(); i++) {
                DeploymentOutcome d = slot.get(i);
                if (d.rolledBackAt() != null && !d.rolledBackAt().isBefore(since) && !d.rolledBackAt().isAfter(now)) {
                    statuses.add(status(d, slot.subList(i + 1, slot.size()), now, deadline));
                }
            }
        }
        statuses.sort(Comparator.comparing(RollbackStatus::decidedAt).reversed());
        return statuses;
    }

    /** The status of {@code d}'s rollback, from the deployments of its slot that began after it. */
    static RollbackStatus status(DeploymentOutcome d, List<DeploymentOutcome> later, Instant now, Duration deadline) {
        Instant decided = d.rolledBackAt();
        String target = d.previousVersion();
        DeploymentOutcome restoring = null;
        DeploymentOutcome rollback = null;
        for (DeploymentOutcome next : later) {
            if (next.promotedAt() != null && next.promotedAt().isAfter(decided)
                    && (restoring == null || next.promotedAt().isBefore(restoring.promotedAt()))) {
                restoring = next;
            }
            if (rollback == null && (next.rollbackAnnounced() || (target != null && target.equals(next.version())))) {
                rollback = next;
            }
        }
        boolean late = !now.isBefore(decided.plus(deadline));
        String rolledBack = "rollback of " + DeploymentRef.forPeople(d.version()) + " in " + d.slot() + " (decided "
                + decided + ")";
        if (restoring != null) {
            Boolean onTarget = target == null ? null : target.equals(restoring.version());
            String how = restoring.rollbackAnnounced() || Boolean.TRUE.equals(onTarget) ? "back on " : "moved on to ";
            return new RollbackStatus(d.deploymentId(), d.service(), d.environment(), d.version(), target, decided,
                    RollbackState.COMPLETED, restoring.deploymentId(), restoring.version(), restoring.promotedAt(),
                    onTarget, false, rolledBack + " completed: " + how + DeploymentRef.forPeople(restoring.version())
                    + ", promoted by its verification " + seconds(decided, restoring.promotedAt()) + " after the decision");
        }
        if (rollback == null) {
            return new RollbackStatus(d.deploymentId(), d.service(), d.environment(), d.version(), target, decided,
                    RollbackState.WAITING, null, null, null, null, late, rolledBack + ": nothing deployed since"
                    + (target == null ? "" : "; expected " + DeploymentRef.forPeople(target) + " back")
                    + (late ? ", past the deadline of " + human(deadline) + ": the CD system has not rolled back, or not"
                    + " announced it" : ""));
        }
        boolean failed = rollback.rolledBackAt() != null || rollback.state() == VerdictState.HELD;
        Boolean onTarget = target == null ? null : target.equals(rollback.version());
        String about = DeploymentRef.forPeople(rollback.version()) + " (deployment " + rollback.deploymentId() + ")";
        return new RollbackStatus(d.deploymentId(), d.service(), d.environment(), d.version(), target, decided,
                failed ? RollbackState.FAILED : RollbackState.VERIFYING, rollback.deploymentId(), rollback.version(),
                null, onTarget, late, rolledBack + ": " + about + (failed
                        ? " was deployed but failed its own verification (" + rollback.state() + ")"
                        : " was deployed and is being verified") + (late ? ", past the deadline of " + human(deadline) : ""));
    }

    static String human(Duration d) {
        return d.toSeconds() % 3600 == 0 ? d.toHours() + " h" : d.toSeconds() % 60 == 0 ? d.toMinutes() + " min"
                : d.toSeconds() + " s";
    }

    private static String seconds(Instant from, Instant to) {
        return Duration.between(from, to).toSeconds() + " s";
    }
}
