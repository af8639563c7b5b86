package io.postflight.verdict.delivery;

import io.micronaut.core.annotation.Nullable;
import io.postflight.verdict.history.DeploymentHistory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Computes the delivery figures of a window from deployment histories. Pure: histories and the
 * window in, figures out, so the API, the exported gauges and the tests compute them the same way.
 * <p>
 * Every history of the slots asked for is read, not only the window's: a deployment's manual
 * rollback and its restore may come after the window, and a deployment announced as a rollback
 * undoes the newest deployment of its slot before it, wherever that one began.
 */
public final class DeliveryFigures {
    private static final Comparator<DeploymentOutcome> BY_START = Comparator.comparing(DeploymentOutcome::since);

    private DeliveryFigures() {
    }

    /**
     * @param service only this service, or every one when {@code null}
     * @param environment only this environment, or every one when {@code null}
     */
    public static DeliveryReport of(Iterable<DeploymentHistory> histories, Instant from, Instant to,
                                    @Nullable String service, @Nullable String environment) {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("the window must end after it starts: from " + from + ", to " + to);
        }
        Map<String, List<DeploymentOutcome>> bySlot = new TreeMap<>();
        for (DeploymentHistory h : histories) {
            if ((service == null || service.equals(h.deployment().service()))
                    && (environment == null || environment.equals(h.deployment().environment()))) {
                bySlot.computeIfAbsent(h.deployment().slot(), k -> new ArrayList<>()).add(DeploymentOutcome.of(h));
            }
        }
        double days = Duration.between(from, to).toSeconds() / 86_400.0;
        Tally total = new Tally(null, null);
        List<SlotFigures> slots = new ArrayList<>();
        for (List<DeploymentOutcome> slot : bySlot.values()) {
            slot.sort(BY_START);
            Tally tally = new Tally(slot.get(0).service(), slot.get(0).environment());
            count(slot, from, to, tally, total);
            if (tally.deployments > 0 || tally.rollbacksAnnounced > 0) {
                slots.add(tally.figures(days));
            }
        }
        return new DeliveryReport(from, to, total.figures(days), slots);
    }

    /** Counts one slot's deployments of the window (sorted by start) into {@code tally} and {@code total}. */
    private static void count(List<DeploymentOutcome> slot, Instant from, Instant to, Tally tally, Tally total) {
        Map<DeploymentOutcome, Instant> manual = manualRollbacks(slot);
        List<Instant> promotions = slot.stream().map(DeploymentOutcome::promotedAt).filter(p -> p != null).sorted()
                .toList();
        for (DeploymentOutcome d : slot) {
            if (d.since().isBefore(from) || !d.since().isBefore(to)) {
                continue;
            }
            if (d.rollbackAnnounced()) {
                tally.rollbacksAnnounced++;
                total.rollbacksAnnounced++;
                continue;
            }
            Instant manualAt = manual.get(d);
            Instant failedAt = d.rolledBackAt() != null ? d.rolledBackAt() : manualAt;
            Instant restoredAt = failedAt == null ? null : restoredAfter(promotions, failedAt);
            for (Tally t : List.of(tally, total)) {
                t.add(d, manualAt, failedAt, restoredAt);
            }
        }
    }

    /**
     * The deployments a rollback announced by the CD system undid by hand: the newest deployment of
     * the slot that began before the announcement, when Postflight had not decided to roll it back
     * (then the announcement only carries out that decision). Mapped to the announcement's time.
     */
    private static Map<DeploymentOutcome, Instant> manualRollbacks(List<DeploymentOutcome> slot) {
        Map<DeploymentOutcome, Instant> manual = new HashMap<>();
        DeploymentOutcome newest = null;
        for (DeploymentOutcome d : slot) {
            if (!d.rollbackAnnounced()) {
                newest = d;
            } else if (newest != null && newest.rolledBackAt() == null) {
                manual.putIfAbsent(newest, d.since());
            }
        }
        return manual;
    }

    /** The first of the slot's promotions (sorted) after {@code failedAt}, or {@code null} when none came yet. */
    private static Instant restoredAfter(List<Instant> promotions, Instant failedAt) {
        int at = Collections.binarySearch(promotions, failedAt);
        int next = at >= 0 ? at + 1 : -at - 1;
        while (next < promotions.size() && !promotions.get(next).isAfter(failedAt)) {
            next++; // equal times
        }
        return next < promotions.size() ? promotions.get(next) : null;
    }
}
