package io.postflight.benchmarks.drift;

import io.postflight.backtest.BacktestVerdict;
import io.postflight.backtest.ScenarioReplayer;
import io.postflight.provider.recorded.Scenario;
import java.util.List;
import java.util.Locale;

/**
 * The crude drift reference of {@code benchmarks/scenarios/FORMAT.md}: at the end of the window,
 * compare the candidate's mean working-set memory over its last hour with its first hour, and
 * roll back when it rose by more than half ({@link #DEFAULT_MAX_INCREASE}). No statistics, no
 * previous version, no CPU or disk, one look at the end: what a dashboard-and-eyeball check does.
 * It is the yardstick the drift judge's figures are reported beside.
 */
public final class FirstLastHourReference implements ScenarioReplayer {

    /** Roll back when the last hour's mean is more than 50 % above the first hour's. */
    public static final double DEFAULT_MAX_INCREASE = 0.5;
    private static final long HOUR = 3600;

    private final double maxIncrease;

    public FirstLastHourReference() {
        this(DEFAULT_MAX_INCREASE);
    }

    public FirstLastHourReference(double maxIncrease) {
        if (!(maxIncrease > 0)) {
            throw new IllegalArgumentException("maxIncrease must be positive: " + maxIncrease);
        }
        this.maxIncrease = maxIncrease;
    }

    @Override
    public boolean accepts(Scenario scenario) {
        return scenario.isDrift();
    }

    @Override
    public BacktestVerdict replay(Scenario scenario) {
        double[] memory = scenario.candidate() == null ? null : scenario.candidate().memoryBytes();
        int step = scenario.stepSeconds();
        if (memory == null || memory.length == 0 || step <= 0) {
            return new BacktestVerdict(scenario.id(), "inconclusive", 0, List.of("no candidate memory samples"));
        }
        int perHour = (int) Math.max(1, HOUR / step);
        long end = (long) memory.length * step;
        double first = mean(memory, 0, Math.min(perHour, memory.length));
        double last = mean(memory, Math.max(0, memory.length - perHour), memory.length);
        if (!Double.isFinite(first) || !Double.isFinite(last) || first <= 0 || memory.length < 2 * perHour) {
            return new BacktestVerdict(scenario.id(), "inconclusive", end,
                    List.of("first or last hour of memory missing"));
        }
        double increase = last / first - 1;
        String reason = String.format(Locale.ROOT, "memory last hour %.0f MiB vs first hour %.0f MiB (%+.1f %%, limit %+.0f %%)",
                last / (1 << 20), first / (1 << 20), 100 * increase, 100 * maxIncrease);
        return new BacktestVerdict(scenario.id(), increase > maxIncrease ? "rollback" : "promote", end,
                List.of(reason));
    }

    private static double mean(double[] v, int from, int to) {
        double sum = 0;
        int n = 0;
        for (int i = from; i < to; i++) {
            if (Double.isFinite(v[i])) {
                sum += v[i];
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }
}
