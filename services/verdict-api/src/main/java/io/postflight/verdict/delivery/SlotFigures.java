package io.postflight.verdict.delivery;

import io.micronaut.core.annotation.Nullable;

/**
 * The delivery figures of one slot (or, with {@code service} and {@code environment} null, of all
 * the slots asked for) over a window. A deployment counts in the window its verification began in.
 * Rollbacks the CD system announces ({@code service.rolledback}) are not deployments of a change:
 * they are counted apart and mark the deployment they undo as rolled back by hand.
 *
 * @param service service name, {@code null} for the total
 * @param environment environment name, {@code null} for the total
 * @param deployments deployments whose verification began in the window (announced rollbacks left out)
 * @param perDay deployments per day over the window
 * @param concluded deployments with an outcome: promoted, rolled back or held
 * @param promoted promoted and not rolled back since (the successes)
 * @param rolledBack rolled back: by Postflight's decision, an operator's override, or an announced rollback
 * @param held held for a human and not decided since
 * @param inProgress still being verified
 * @param superseded replaced by a newer deployment before a decision (no outcome)
 * @param aborted verification aborted by an operator (no outcome)
 * @param postPromotionRollbacks rolled back after they had been promoted
 * @param manualRollbacks rolled back by an operator's override or by a rollback the CD system
 *     announced without a ROLLBACK decision from Postflight
 * @param changeFailures deployments that failed in production: rolled back after promotion, or by hand
 * @param rollbacksAnnounced rollbacks the CD system announced in the window
 * @param successRate promoted / concluded ({@code null} with nothing concluded)
 * @param rollbackRate rolled back / concluded
 * @param changeFailureRate change failures / concluded
 * @param timeToDecision from the deploy event reaching Postflight to the first decision, seconds
 * @param timeToRestore from a rollback (decision, or the announcement of a manual one) to the next
 *     promotion in the same slot (the rolled-back-to version verified healthy, or a fix), seconds
 * @param notRestored rollbacks in the window without a promotion in their slot since
 */
public record SlotFigures(@Nullable String service, @Nullable String environment, int deployments, double perDay,
                          int concluded, int promoted, int rolledBack, int held, int inProgress, int superseded,
                          int aborted, int postPromotionRollbacks, int manualRollbacks, int changeFailures,
                          int rollbacksAnnounced, @Nullable Double successRate, @Nullable Double rollbackRate,
                          @Nullable Double changeFailureRate, Quantiles timeToDecision, Quantiles timeToRestore,
                          int notRestored) {
}
