package io.postflight.benchmarks.canary;

import io.postflight.backtest.BacktestVerdict;
import io.postflight.backtest.ScenarioReplayer;
import io.postflight.provider.recorded.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A Kayenta-style reference: Netflix's ACA judge as commonly run by Spinnaker, repeated every
 * interval. At the end of every minute it compares the candidate's per-step values since the
 * deployment with the control's over the same steps (or, without a control, with the previous
 * version's window) for two metrics, error rate and p99 latency, both "bad when higher":
 * <ul>
 *   <li>Mann-Whitney U confidence interval of the shift at 98 %;
 *   <li>a metric is High when the interval's lower bound exceeds 25 % of |Hodges-Lehmann estimate|
 *       and the ratio of means is at least {@value #ALLOWED_INCREASE} (Kayenta's effect-size rule);
 *   <li>the score is the share of metrics not High; an interval below the marginal score (75) stops
 *       the canary, so one High metric rolls back.
 * </ul>
 * The canary is promoted at the end of the window otherwise. Kayenta's optional outlier-removal
 * transform is not applied (on per-step error rates, which are mostly zero, it would discard every
 * step with an error). Each interval is a fresh test (one side of a 98 % interval per metric):
 * nothing corrects for the repeated looks.
 */
public final class MannWhitneyReference implements ScenarioReplayer {

    static final double CONFIDENCE = 0.98;
    static final double FRACTION = 0.25;
    static final double ALLOWED_INCREASE = 1.0;
    static final int INTERVAL_SECONDS = 60;

    @Override
    public boolean accepts(Scenario scenario) {
        return scenario.isCanary();
    }

    @Override
    public BacktestVerdict replay(Scenario s) {
        double[] bounds = s.latencyBucketsMs();
        WindowStats candidate = new WindowStats(s.candidate(), bounds);
        boolean concurrent = s.control() != null && s.control().requests() != null;
        WindowStats comparison = new WindowStats(concurrent ? s.control() : s.baseline(), bounds);
        int perInterval = Math.max(1, INTERVAL_SECONDS / s.stepSeconds());
        for (int to = perInterval; to <= candidate.steps(); to += perInterval) {
            int cmpTo = concurrent ? to : comparison.steps();
            String high = classify("error-rate", errorRates(candidate, to), errorRates(comparison, cmpTo));
            if (high == null) {
                high = classify("latency-p99", p99s(candidate, to), p99s(comparison, cmpTo));
            }
            if (high != null) {
                return new BacktestVerdict(s.id(), "rollback", (long) to * s.stepSeconds(),
                        List.of(high + " vs " + (concurrent ? "control" : "previous window")));
            }
        }
        return new BacktestVerdict(s.id(), "promote", (long) candidate.steps() * s.stepSeconds(),
                List.of("no metric classified High at any interval"));
    }

    /** A reason when the metric is High, {@code null} when it passes (or has no data). */
    static String classify(String metric, double[] experiment, double[] control) {
        if (experiment.length == 0 || control.length == 0) {
            return null;
        }
        MannWhitney.ShiftInterval ci = MannWhitney.shift(experiment, control, CONFIDENCE);
        double bound = FRACTION * Math.abs(ci.estimate());
        double ratio = mean(experiment) / mean(control);
        boolean high = ci.lower() > bound && (ratio >= ALLOWED_INCREASE || Double.isNaN(ratio));
        return high ? String.format(Locale.ROOT, "%s High: shift %.4g, %.0f %% CI [%.4g, %.4g], mean ratio %.3g",
                metric, ci.estimate(), 100 * CONFIDENCE, ci.lower(), ci.upper(), ratio) : null;
    }

    private static double[] errorRates(WindowStats w, int to) {
        List<Double> v = new ArrayList<>();
        for (int i = 0; i < Math.min(to, w.steps()); i++) {
            double r = w.errorRate(i, i + 1);
            if (!Double.isNaN(r)) {
                v.add(r);
            }
        }
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double[] p99s(WindowStats w, int to) {
        List<Double> v = new ArrayList<>();
        for (int i = 0; i < Math.min(to, w.steps()); i++) {
            double q = w.quantile(i, i + 1, 0.99);
            if (!Double.isNaN(q)) {
                v.add(q);
            }
        }
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }
}
