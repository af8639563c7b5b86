package io.postflight.benchmarks.canary;

import io.postflight.backtest.BacktestVerdict;
import io.postflight.backtest.ScenarioReplayer;
import io.postflight.provider.recorded.Scenario;
import java.util.List;
import java.util.Locale;

/**
 * The fixed-threshold reference of {@code benchmarks/scenarios/FORMAT.md}, the common default of canary
 * tools (Flagger's request-success-rate and request-duration checks): every minute, a check fails
 * when that minute's error rate is over 5 % or its p99 over twice the baseline's p99 (the previous
 * version's window before the deployment); the canary is rolled back after two failed checks, and
 * promoted at the end of the window otherwise. A minute without requests is not a check. The p99
 * is read as the upper bound of the histogram bucket that holds it (a threshold alert on bucket
 * counters); with that reading this class reproduces the figures FORMAT.md quotes for the
 * reference (false rollback 0.153, detection 0.653 on {@code dev/}).
 */
public final class FixedThresholdReference implements ScenarioReplayer {

    public static final double DEFAULT_MAX_ERROR_RATE = 0.05;
    public static final double DEFAULT_MAX_P99_FACTOR = 2.0;
    public static final int DEFAULT_FAILED_CHECKS = 2;
    public static final int DEFAULT_INTERVAL_SECONDS = 60;

    @Override
    public boolean accepts(Scenario scenario) {
        return scenario.isCanary();
    }

    @Override
    public BacktestVerdict replay(Scenario s) {
        WindowStats candidate = new WindowStats(s.candidate(), s.latencyBucketsMs());
        WindowStats baseline = new WindowStats(s.baseline(), s.latencyBucketsMs());
        double baselineP99 = baseline.bucketQuantile(0, baseline.steps(), 0.99);
        int perCheck = Math.max(1, DEFAULT_INTERVAL_SECONDS / s.stepSeconds());
        int failed = 0;
        for (int from = 0; from + perCheck <= candidate.steps(); from += perCheck) {
            int to = from + perCheck;
            if (candidate.requests(from, to) == 0) {
                continue;
            }
            double errorRate = candidate.errorRate(from, to);
            double p99 = candidate.bucketQuantile(from, to, 0.99);
            boolean errorFail = errorRate > DEFAULT_MAX_ERROR_RATE;
            boolean latencyFail = baselineP99 > 0 && p99 > DEFAULT_MAX_P99_FACTOR * baselineP99;
            if (errorFail || latencyFail) {
                failed++;
                if (failed >= DEFAULT_FAILED_CHECKS) {
                    String reason = String.format(Locale.ROOT, "%d failed checks; last minute error rate "
                            + "%.2f %% (max %.0f %%), p99 %.0f ms vs baseline %.0f ms (max %.0f×)",
                            failed, 100 * errorRate, 100 * DEFAULT_MAX_ERROR_RATE, p99, baselineP99,
                            DEFAULT_MAX_P99_FACTOR);
                    return new BacktestVerdict(s.id(), "rollback", (long) to * s.stepSeconds(), List.of(reason));
                }
            }
        }
        long end = (long) candidate.steps() * s.stepSeconds();
        return new BacktestVerdict(s.id(), "promote", end, List.of(failed + " failed check(s), fewer than "
                + DEFAULT_FAILED_CHECKS));
    }
}
