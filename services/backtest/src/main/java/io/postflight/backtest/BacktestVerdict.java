package io.postflight.backtest;

import java.util.List;

/**
 * One line of backtest output, in the verdict format of {@code benchmarks/scenarios/FORMAT.md}.
 *
 * @param id scenario id
 * @param decision {@code promote}, {@code rollback} or {@code inconclusive}
 * @param decidedAtSeconds seconds from the deployment to the step at which the decision was reached
 * @param reasons human-readable reasons, each backed by the judge's evidence
 */
public record BacktestVerdict(String id, String decision, long decidedAtSeconds, List<String> reasons) {
}
