package io.postflight.verdict.delivery;

import io.micronaut.core.annotation.Nullable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Counts of one slot (or of all) while {@link DeliveryFigures} reads its deployments. */
final class Tally {
    private final String service;
    private final String environment;
    int deployments;
    int promoted;
    int rolledBack;
    int held;
    int inProgress;
    int superseded;
    int aborted;
    int postPromotionRollbacks;
    int manualRollbacks;
    int changeFailures;
    int rollbacksAnnounced;
    int notRestored;
    private final List<Long> decisionSeconds = new ArrayList<>();
    private final List<Long> restoreSeconds = new ArrayList<>();

    Tally(@Nullable String service, @Nullable String environment) {
        this.service = service;
        this.environment = environment;
    }

    /**
     * @param manualAt when the CD system announced a rollback of {@code d} Postflight had not decided, else null
     * @param failedAt when {@code d} was rolled back (decision or announcement), else null
     * @param restoredAt the next promotion in its slot after {@code failedAt}, else null
     */
    void add(DeploymentOutcome d, @Nullable Instant manualAt, @Nullable Instant failedAt, @Nullable Instant restoredAt) {
        deployments++;
        if (failedAt != null) {
            rolledBack++;
            boolean byHand = manualAt != null || d.rollbackByOverride();
            boolean afterPromotion = d.rollbackAfterPromotion() || (manualAt != null && d.promotedAt() != null);
            postPromotionRollbacks += afterPromotion ? 1 : 0;
            manualRollbacks += byHand ? 1 : 0;
            changeFailures += afterPromotion || byHand ? 1 : 0;
            if (restoredAt != null) {
                restoreSeconds.add(Duration.between(failedAt, restoredAt).toSeconds());
            } else {
                notRestored++;
            }
        } else if (d.promotedAt() != null) {
            promoted++;
        } else {
            switch (d.state()) {
                case HELD -> held++;
                case SUPERSEDED -> superseded++;
                case ABORTED -> aborted++;
                case PROMOTED -> promoted++; // a verdict seen without its decision (past the topic's retention)
                case ROLLED_BACK -> rolledBack++;
                case VERIFYING -> inProgress++;
            }
        }
        if (d.firstDecisionAt() != null && d.arrivedAt() != null && !d.firstDecisionAt().isBefore(d.arrivedAt())) {
            decisionSeconds.add(Duration.between(d.arrivedAt(), d.firstDecisionAt()).toSeconds());
        }
    }

    SlotFigures figures(double days) {
        int concluded = promoted + rolledBack + held;
        return new SlotFigures(service, environment, deployments, days > 0 ? deployments / days : 0, concluded,
                promoted, rolledBack, held, inProgress, superseded, aborted, postPromotionRollbacks, manualRollbacks,
                changeFailures, rollbacksAnnounced, rate(promoted, concluded), rate(rolledBack, concluded),
                rate(changeFailures, concluded), Quantiles.of(decisionSeconds), Quantiles.of(restoreSeconds),
                notRestored);
    }

    private static Double rate(int part, int whole) {
        return whole == 0 ? null : (double) part / whole;
    }
}
