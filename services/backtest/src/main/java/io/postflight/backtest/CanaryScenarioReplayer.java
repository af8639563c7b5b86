package io.postflight.backtest;

import io.postflight.judge.JudgeStatus;
import io.postflight.judge.JudgeVerdict;
import io.postflight.judge.baseline.BaselineJudge;
import io.postflight.metrics.TrafficSeries;
import io.postflight.provider.recorded.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Replays canary scenarios through the {@link BaselineJudge}, the same code the baseline verifier
 * runs: at each step the judge sees the candidate and the control only up to "now" (the end of that
 * step) and the previous version's window before the deployment, and the first final verdict is the
 * decision, at that step.
 */
public final class CanaryScenarioReplayer implements ScenarioReplayer {

    private final BaselineJudge judge;

    public CanaryScenarioReplayer(BaselineJudge judge) {
        this.judge = Objects.requireNonNull(judge, "judge");
    }

    public CanaryScenarioReplayer() {
        this(new BaselineJudge());
    }

    @Override
    public boolean accepts(Scenario scenario) {
        return scenario.isCanary();
    }

    @Override
    public BacktestVerdict replay(Scenario scenario) {
        TrafficSeries candidate = toSeries(scenario, scenario.candidate());
        TrafficSeries baseline = toSeries(scenario, scenario.baseline());
        TrafficSeries control = scenario.control() == null ? null : toSeries(scenario, scenario.control());
        int step = scenario.stepSeconds();
        long windowEnd = scenario.deployedAt() + judge.policy().window().toSeconds();
        long lastStepEnd = scenario.deployedAt() + (long) candidate.steps() * step;
        JudgeVerdict verdict = null;
        long decidedAt = 0;
        // One look per step; the last look is at the end of the window even if data stopped earlier.
        for (int k = 1; ; k++) {
            long now = Math.min(scenario.deployedAt() + (long) k * step, Math.max(windowEnd, lastStepEnd));
            verdict = judge.evaluate(candidate.prefix(k), baseline,
                    control == null ? null : control.prefix(k), now);
            decidedAt = now - scenario.deployedAt();
            if (verdict.status().isFinal() || now >= Math.max(windowEnd, lastStepEnd)) {
                break;
            }
        }
        return new BacktestVerdict(scenario.id(), decision(verdict.status()), decidedAt, reasons(verdict));
    }

    /** The FORMAT.md decision for a judge status; a judge still watching at the end is inconclusive. */
    static String decision(JudgeStatus status) {
        return switch (status) {
            case FAILED -> "rollback";
            case PASSED -> "promote";
            case INCONCLUSIVE, WATCHING -> "inconclusive";
        };
    }

    private static List<String> reasons(JudgeVerdict verdict) {
        List<String> reasons = new ArrayList<>();
        reasons.add(verdict.summary());
        verdict.evidence().stream().filter(e -> e.breached())
                .forEach(e -> reasons.add(e.check() + ": " + e.summary()));
        return reasons;
    }

    /** A recorded window as the traffic series a metrics provider would return. */
    static TrafficSeries toSeries(Scenario scenario, Scenario.Window w) {
        double[] bounds = scenario.latencyBucketsMs() == null ? new double[0] : scenario.latencyBucketsMs();
        if (w == null || w.requests() == null) {
            return TrafficSeries.empty(scenario.deployedAt(), scenario.stepSeconds(), bounds);
        }
        int n = w.requests().length;
        long[] errors = w.errors() == null ? new long[n] : w.errors();
        long[][] buckets = w.latencyBuckets() == null ? new long[n][bounds.length + 1] : w.latencyBuckets();
        return new TrafficSeries(w.start(), scenario.stepSeconds(), w.requests(), errors, bounds, buckets, null);
    }
}
